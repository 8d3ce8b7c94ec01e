using System.CommandLine;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Cli;

/// <summary>
/// <c>jobs list|show|retry|search</c>: the dashboard's everyday operations for people without a browser, on Hangfire's
/// monitoring API and the connector's key table. Exit codes: 0 done, 1 not found or refused, 2 bad usage.
/// </summary>
public static class JobsCommands
{
    /// <summary>The <c>jobs</c> command; <paramref name="services"/> builds a provider with <c>AddConnectorJobs</c> done.</summary>
    public static Command Create(Func<ServiceProvider> services)
    {
        var jobs = new Command("jobs", "Look at and replay jobs (the dashboard is at /hangfire).");

        var state = new Option<string>("--state") { Description = "failed, enqueued, scheduled, processing, succeeded or deleted.", DefaultValueFactory = _ => "failed" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List jobs in a state.") { state, limit };
        list.SetAction(async (parse, _) =>
        {
            await using var provider = services();
            var monitoring = provider.GetRequiredService<JobStorage>().GetMonitoringApi();
            var count = parse.GetValue(limit);
            IEnumerable<(string Id, string? Name, string? Detail)> rows = parse.GetValue(state)!.ToLowerInvariant() switch
            {
                "failed" => monitoring.FailedJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"{j.Value.FailedAt:u} {j.Value.ExceptionMessage}")),
                "scheduled" => monitoring.ScheduledJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"at {j.Value.EnqueueAt:u}")),
                "processing" => monitoring.ProcessingJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"since {j.Value.StartedAt:u} on {j.Value.ServerId}")),
                "succeeded" => monitoring.SucceededJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"{j.Value.SucceededAt:u}")),
                "deleted" => monitoring.DeletedJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"{j.Value.DeletedAt:u}")),
                "enqueued" => monitoring.Queues().SelectMany(q => monitoring.EnqueuedJobs(q.Name, 0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"queue {q.Name}"))),
                var other => throw new ArgumentException($"Unknown state '{other}'."),
            };
            foreach (var (id, name, detail) in rows)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{id}\t{name}\t{detail}");
            }

            return 0;
        });

        var id = new Argument<string>("id") { Description = "A Hangfire job id." };
        var show = new Command("show", "Show one job: state, reason, retries and its last error.") { id };
        show.SetAction(async (parse, _) =>
        {
            await using var provider = services();
            if (provider.GetRequiredService<JobSearch>().Describe(parse.GetValue(id)!, null) is not { } job)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No job {parse.GetValue(id)}.");
                return 1;
            }

            await WriteAsync(parse.InvocationConfiguration.Output, job);
            return 0;
        });

        var retry = new Command("retry", "Requeue a failed job.") { id };
        retry.SetAction(async (parse, _) =>
        {
            await using var provider = services();
            var jobId = parse.GetValue(id)!;
            var requeued = provider.GetRequiredService<IBackgroundJobClientV2>().ChangeState(jobId, new EnqueuedState { Reason = $"Requeued from the command line by {Environment.UserName}" }, FailedState.StateName);
            await (requeued ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error)
                .WriteLineAsync(requeued ? $"Job {jobId} requeued." : $"Job {jobId} is not failed (or does not exist); nothing done.");
            return requeued ? 0 : 1;
        });

        var key = new Argument<string>("key") { Description = "A business key (square:order:ORD1), a key prefix ending in ':' or a job id." };
        var search = new Command("search", "Find the jobs of an order, refund or return.") { key };
        search.SetAction(async (parse, cancellationToken) =>
        {
            await using var provider = services();
            var found = await provider.GetRequiredService<JobSearch>().FindAsync(parse.GetValue(key)!, 50, cancellationToken);
            foreach (var job in found)
            {
                await WriteAsync(parse.InvocationConfiguration.Output, job);
            }

            if (found.Count == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No job found for '{parse.GetValue(key)}'.");
            }

            return found.Count == 0 ? 1 : 0;
        });

        jobs.Subcommands.Add(list);
        jobs.Subcommands.Add(show);
        jobs.Subcommands.Add(retry);
        jobs.Subcommands.Add(search);
        return jobs;
    }

    private static Task WriteAsync(TextWriter output, JobSummary job) =>
        output.WriteLineAsync($"{job.Id}\t{job.Key ?? "-"}\t{job.State}\tcreated {job.CreatedAt:u}\tretries {job.Retries}\t{job.Reason}{(job.LastError is null ? "" : "\tlast error: " + job.LastError)}");
}
