using Hangfire;
using Hangfire.States;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Counts, requeues or deletes the Failed jobs matching a <see cref="FailedJobsFilter"/>, server-side and in
/// batches: the Failed list is read <see cref="BatchSize"/> at a time through the monitoring API, and each match is
/// changed with a guard on the Failed state, so a job someone else retried meanwhile is left alone. No UI and no
/// audit here: the dashboard page and the command line both call it and record who asked.
/// </summary>
public sealed class FailedJobsBulk(JobStorage storage, IBackgroundJobClient client)
{
    /// <summary>Failed jobs read per monitoring call.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How many Failed jobs match <paramref name="filter"/> now.</summary>
    public int Count(FailedJobsFilter filter, CancellationToken cancellationToken = default) => Scan(filter, cancellationToken).Count;

    /// <summary>
    /// Applies <paramref name="action"/> to every Failed job matching <paramref name="filter"/>. The matches are
    /// collected first and changed afterwards: changing jobs while paging would shift the Failed list under the
    /// offsets and skip jobs.
    /// </summary>
    public FailedJobsBulkResult Run(FailedJobsFilter filter, FailedJobsBulkAction action, CancellationToken cancellationToken = default)
    {
        var matches = Scan(filter, cancellationToken);
        var changed = new List<string>(matches.Count);
        foreach (var (id, queue) in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IState state = action == FailedJobsBulkAction.Requeue ? new EnqueuedState(queue) : new DeletedState();
            if (client.ChangeState(id, state, FailedState.StateName))
            {
                changed.Add(id);
            }
        }

        return new FailedJobsBulkResult(matches.Count, changed);
    }

    private List<(string Id, string Queue)> Scan(FailedJobsFilter filter, CancellationToken cancellationToken)
    {
        var monitoring = storage.GetMonitoringApi();
        var matches = new List<(string, string)>();
        // Jobs failing during the scan push the list down (newest first), so a page may repeat ids already seen.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var from = 0; ; from += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = monitoring.FailedJobs(from, BatchSize);
            foreach (var (id, job) in page)
            {
                if (job is not null && filter.Matches(job) && seen.Add(id))
                {
                    matches.Add((id, FailedJobsFilter.QueueOf(job)));
                }
            }

            if (page.Count < BatchSize)
            {
                return matches;
            }
        }
    }
}
