using System.Diagnostics;
using Connector.Jobs.Dashboard;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Xunit.Abstractions;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>The bulk operation's core, straight on Hangfire's storage (no web layer).</summary>
public sealed class FailedJobsBulkTests(ITestOutputHelper output) : HangfireDatabase
{
    [Fact]
    public async Task Run_requeues_exactly_the_filtered_set_of_10000_failed_jobs()
    {
        // 10,000 failed jobs: 4 kinds (type × message), 2,500 each; the filter picks one kind.
        var created = Stopwatch.StartNew();
        var wanted = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForAsync(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (i, _) =>
        {
            var isOrder = i % 2 == 0;
            var timeout = i % 4 < 2;
            var job = isOrder ? Job.FromExpression(() => TestJobs.SyncOrder(i)) : Job.FromExpression(() => TestJobs.SyncReturn(i));
            var id = CreateFailed(job, timeout ? $"Leat timed out after 30 s (order {i})" : $"Leat said 422 for order {i}");
            if (isOrder && timeout)
            {
                wanted.Add(id);
            }

            return ValueTask.CompletedTask;
        });
        output.WriteLine($"created 10,000 failed jobs in {created.Elapsed.TotalSeconds:0.0} s");
        var bulk = new FailedJobsBulk(Storage, new BackgroundJobClient(Storage));
        var filter = new FailedJobsFilter(JobType: "TestJobs.SyncOrder", ExceptionText: "timed out");

        var counted = Stopwatch.StartNew();
        Assert.Equal(2_500, bulk.Count(filter));
        output.WriteLine($"counted in {counted.Elapsed.TotalSeconds:0.0} s");
        var run = Stopwatch.StartNew();
        var result = bulk.Run(filter, FailedJobsBulkAction.Requeue);
        output.WriteLine($"requeued 2,500 in {run.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(2_500, result.Matched);
        Assert.Equal(wanted.Order().ToArray(), result.ChangedIds.Order().ToArray());
        Assert.Equal(7_500, await CountJobsInStateAsync(FailedState.StateName));
        Assert.Equal(2_500, await CountJobsInStateAsync(EnqueuedState.StateName));
        Assert.Equal(0, bulk.Count(filter));
    }

    [Fact]
    public async Task Run_deletes_by_queue_and_time_range_and_leaves_the_rest_failed()
    {
        var early = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(1), "critical"), "boom");
        var other = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(2)), "boom");
        var bulk = new FailedJobsBulk(Storage, new BackgroundJobClient(Storage)) { BatchSize = 1 };
        var now = DateTime.UtcNow;

        Assert.Equal(0, bulk.Count(new FailedJobsFilter(Queue: "critical", FailedFrom: now.AddMinutes(1))));
        Assert.Equal(0, bulk.Count(new FailedJobsFilter(Queue: "critical", FailedTo: now.AddMinutes(-1))));
        var result = bulk.Run(new FailedJobsFilter(Queue: "critical", FailedFrom: now.AddMinutes(-1), FailedTo: now.AddMinutes(1)), FailedJobsBulkAction.Delete);

        Assert.Equal([early], result.ChangedIds);
        Assert.Equal(DeletedState.StateName, await StateOfAsync(early));
        Assert.Equal(FailedState.StateName, await StateOfAsync(other));
    }

    [Fact]
    public void Run_requeues_a_job_into_its_own_queue()
    {
        var id = CreateFailed(Job.FromExpression(() => TestJobs.SyncReturn(7), "returns"), "boom");

        var result = new FailedJobsBulk(Storage, new BackgroundJobClient(Storage)).Run(new FailedJobsFilter(), FailedJobsBulkAction.Requeue);

        Assert.Equal([id], result.ChangedIds);
        Assert.Equal(1, Storage.GetMonitoringApi().EnqueuedCount("returns"));
    }

    [Fact]
    public void Describe_names_every_criterion_for_the_audit()
    {
        var filter = new FailedJobsFilter("SyncOrder", "default", "timed out", new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc), null);

        Assert.Equal("type~SyncOrder queue=default exception~timed out failed>=2026-11-22T12:00:00.0000000Z", filter.Describe());
        Assert.Equal("all failed jobs", new FailedJobsFilter().Describe());
    }
}
