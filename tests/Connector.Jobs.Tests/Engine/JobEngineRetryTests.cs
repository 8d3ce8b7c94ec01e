using Connector.Testing;

namespace Connector.Jobs.Tests.Engine;

public sealed class JobEngineRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Failing_job_is_retried_with_capped_exponential_back_off_and_then_fails()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        var attempts = 0;
        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            (_, context, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException($"Leat answered 503 on attempt {context.Attempt}");
            },
            o =>
            {
                o.RetryBaseDelay = TimeSpan.FromSeconds(10);
                o.RetryMaxDelay = TimeSpan.FromSeconds(25);
            },
            clock);
        var job = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1), new EnqueueOptions { MaxAttempts = 4 });

        // Attempt n's retry waits between the base (10 s) and min(cap 25 s, 10 s·2^(n−1)).
        (double Min, double Max)[] bounds = [(10, 10), (10, 20), (10, 25)];
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failedAt = clock.GetUtcNow();
            await Db.UntilAsync(async () => await Db.ScalarAsync<int>(dataSource, "SELECT count(*)::int FROM jobs.job_attempt WHERE job_id = @id AND outcome = 'retry'", ("id", job.Id)) == attempt, $"attempt {attempt} is recorded as a retry");
            var runAt = await Db.ScalarAsync<DateTime>(dataSource, "SELECT run_at FROM jobs.job WHERE id = @id", ("id", job.Id));
            var delay = (new DateTimeOffset(runAt, TimeSpan.Zero) - failedAt).TotalSeconds;
            Assert.InRange(delay, bounds[attempt - 1].Min, bounds[attempt - 1].Max);
            Assert.Equal("scheduled", await Db.StateAsync(dataSource, job.Id));
            Assert.Equal(
                $"Retry {attempt} of 4 at {new DateTimeOffset(runAt, TimeSpan.Zero):O}: Leat answered 503 on attempt {attempt}",
                await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id ORDER BY id DESC LIMIT 1", ("id", job.Id)));

            // Just before the retry time nothing runs; at the retry time it does.
            clock.Set(new DateTimeOffset(runAt, TimeSpan.Zero) - TimeSpan.FromMilliseconds(1));
            await engine.FetchesAsync();
            Assert.Equal(attempt, Volatile.Read(ref attempts));
            clock.Set(new DateTimeOffset(runAt, TimeSpan.Zero));
            await engine.FetchesAsync();
        }

        await Db.UntilStateAsync(dataSource, job.Id, "failed");
        Assert.Equal(4, Volatile.Read(ref attempts));
        Assert.Equal(
            "Attempts exhausted (4 of 4): Leat answered 503 on attempt 4",
            await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id AND state = 'failed'", ("id", job.Id)));
        var outcomes = await Db.RowsAsync(dataSource, "SELECT outcome, error FROM jobs.job_attempt WHERE job_id = @id ORDER BY attempt", ("id", job.Id));
        Assert.Equal(["retry", "retry", "retry", "failed"], outcomes.Select(o => (string)o[0]!));
        Assert.Equal("Leat answered 503 on attempt 2", outcomes[1][1]);
        Assert.Contains("InvalidOperationException", await Db.ScalarAsync<string>(dataSource, "SELECT exception FROM jobs.job_attempt WHERE job_id = @id AND attempt = 4", ("id", job.Id)));
    }

    [Fact]
    public async Task Permanent_failure_goes_straight_to_failed()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            (_, _, _) => throw new PermanentJobFailureException("Leat answered 422: unknown loyalty program", null));

        var job = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));
        await Db.UntilStateAsync(dataSource, job.Id, "failed");

        Assert.Equal(1, await Db.ScalarAsync<int>(dataSource, "SELECT attempt FROM jobs.job WHERE id = @id", ("id", job.Id)));
        Assert.Equal(
            "Failed permanently on attempt 1: Leat answered 422: unknown loyalty program",
            await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id AND state = 'failed'", ("id", job.Id)));
        Assert.Equal("failed", await Db.ScalarAsync<string>(dataSource, "SELECT outcome FROM jobs.job_attempt WHERE job_id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task RetryJobException_retries_exactly_after_the_requested_delay_and_counts_the_attempt()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        var ran = new TaskCompletionSource<JobContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var logs = new CapturingLoggerProvider();
        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            (_, context, _) =>
            {
                if (context.Attempt == 1)
                {
                    throw new RetryJobException("Leat answered 429", TimeSpan.FromSeconds(90));
                }

                ran.TrySetResult(context);
                return Task.CompletedTask;
            },
            time: clock,
            logs: logs);

        var job = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));
        await Db.UntilStateAsync(dataSource, job.Id, "scheduled");
        var runAt = await Db.ScalarAsync<DateTime>(dataSource, "SELECT run_at FROM jobs.job WHERE id = @id", ("id", job.Id));
        Assert.Equal(Start.AddSeconds(90).UtcDateTime, runAt);

        // An asked-for retry is expected ("not now"): one Information line with the reason, no warning, no stack trace.
        var deferred = Assert.Single(logs.Entries, e => e.Contains("[3017]", StringComparison.Ordinal));
        Assert.StartsWith("Information", deferred, StringComparison.Ordinal);
        Assert.Contains("Leat answered 429", deferred, StringComparison.Ordinal);
        Assert.EndsWith("| ", deferred, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Contains("[3003]", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromSeconds(90));
        await engine.FetchesAsync();
        Assert.Equal(2, (await ran.Task.WaitAsync(TimeSpan.FromSeconds(30))).Attempt);
        await Db.UntilStateAsync(dataSource, job.Id, "succeeded");
    }
}
