using Connector.Testing;
using Hangfire.States;

namespace Connector.Jobs.Tests.Engine;

public sealed class RetryFilterTests
{
    [Fact]
    public async Task A_permanent_failure_fails_at_the_first_attempt_with_its_message()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"));
        jobs.Script.Outcome = (_, _) => new PermanentJobFailureException("Leat answered 422: contact is required");

        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "P"), CancellationToken.None);
        await JobsProbe.SettledAsync(jobs.DataSource);

        var job = Assert.Single(await jobs.Search.FindAsync("test:probe:P"));
        Assert.Equal((FailedState.StateName, 0, 1), (job.State, job.Retries, jobs.Script.Runs("P")));
        Assert.Equal("Leat answered 422: contact is required", job.Reason);
        Assert.Equal("Leat answered 422: contact is required", job.LastError);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_until_the_attempts_run_out_and_each_error_stays_in_the_history()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), new Dictionary<string, string?> { ["Jobs:MaxAttempts"] = "3" });
        jobs.Script.Outcome = (_, run) => new HttpRequestException($"connection refused (attempt {run})");

        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "T"), CancellationToken.None);
        await JobsProbe.SettledAsync(jobs.DataSource);

        var job = Assert.Single(await jobs.Search.FindAsync("test:probe:T"));
        Assert.Equal((FailedState.StateName, 2, 3), (job.State, job.Retries, jobs.Script.Runs("T")));
        Assert.Equal("Gave up after 3 attempts: connection refused (attempt 3)", job.Reason);
        Assert.Equal(3L, await jobs.ScalarAsync<long>($"SELECT count(*) FROM hangfire.state WHERE jobid = {job.Id} AND name = 'Failed'"));
        Assert.Equal(0L, await jobs.ScalarAsync<long>("SELECT count(*) FROM jobs.keyed_work"));
    }

    [Fact]
    public async Task A_wait_that_does_not_count_as_an_attempt_never_uses_up_the_attempts()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), new Dictionary<string, string?> { ["Jobs:MaxAttempts"] = "2" });
        jobs.Script.Outcome = (_, run) => run <= 3
            ? new RetryJobException("being sent to Leat by another worker", TimeSpan.FromMilliseconds(100), countsAsAttempt: false)
            : null;

        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "W"), CancellationToken.None);
        await JobsProbe.SettledAsync(jobs.DataSource);

        var job = Assert.Single(await jobs.Search.FindAsync("test:probe:W"));
        Assert.Equal((SucceededState.StateName, 0, 4), (job.State, job.Retries, jobs.Script.Runs("W")));
    }
}
