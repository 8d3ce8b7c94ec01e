using System.Diagnostics.Metrics;
using Connector.Jobs.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Engine;

public sealed class JobEngineLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Heartbeat_keeps_a_long_job_from_being_reclaimed_past_its_first_lease()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        Task Run(TestArgs args, JobContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            return gate.Task;
        }

        static void Lease(JobsOptions o)
        {
            o.LeaseDuration = TimeSpan.FromSeconds(60);
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
        }

        await using var owner = await EngineHarness.StartAsync(dataSource, Run, Lease, clock);
        await using var rival = await EngineHarness.StartAsync(dataSource, Run, Lease, clock);
        var job = await owner.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));
        await Db.UntilStateAsync(dataSource, job.Id, "processing");

        // 50 s later the heartbeat has pushed the lease to 12:01:50, so at 12:01:40 (past the first lease) nobody takes it.
        clock.Advance(TimeSpan.FromSeconds(50));
        var renewed = Start.AddSeconds(110).UtcDateTime;
        await Db.UntilAsync(async () => await Db.ScalarAsync<DateTime>(dataSource, "SELECT lease_expires_at FROM jobs.job WHERE id = @id", ("id", job.Id)) == renewed, "the lease is renewed");
        clock.Advance(TimeSpan.FromSeconds(50));
        await rival.FetchesAsync();
        await owner.FetchesAsync();
        Assert.Equal(1, Volatile.Read(ref runs));

        gate.SetResult();
        await Db.UntilStateAsync(dataSource, job.Id, "succeeded");
        Assert.Equal(1, await Db.ScalarAsync<int>(dataSource, "SELECT attempt FROM jobs.job WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task Queue_gauges_report_the_waiting_jobs_when_observed()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, time: clock, start: false);
        for (var i = 0; i < 3; i++)
        {
            await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(i), new EnqueueOptions { Queue = "polls" });
        }

        await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(9), new EnqueueOptions { Queue = "polls", Delay = TimeSpan.FromHours(1) });
        clock.Advance(TimeSpan.FromSeconds(90));
        var metrics = producer.Provider.GetRequiredService<JobsMetrics>();

        var observed = new Dictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this container's meter: other tests' engines publish instruments of the same name.
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => observed[$"{instrument.Name}/{tags[0].Value}"] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => observed[$"{instrument.Name}/{tags[0].Value}"] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(3, observed["connector.jobs.queue_depth/polls"]);
        Assert.Equal(90, observed["connector.jobs.oldest_available_age/polls"]);
    }
}
