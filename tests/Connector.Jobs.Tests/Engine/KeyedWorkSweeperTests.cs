using Connector.Jobs.Tests.Dashboard;
using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Engine;

/// <summary>
/// A crash between a keyed job's end and its bookkeeping leaves <c>jobs.keyed_work</c> saying the job runs while
/// Hangfire has ended or expired it; the row would then block the key forever. The sweeper notices such rows once
/// they have been quiet for <c>Jobs:SweepQuietAge</c>.
/// </summary>
public sealed class KeyedWorkSweeperTests
{
    private static readonly Dictionary<string, string?> QuickSweeper = new()
    {
        ["Jobs:SweepInterval"] = "00:00:00.200",
        ["Jobs:SweepQuietAge"] = "00:00:00.100",
    };

    [Fact]
    public async Task Sweeper_ends_the_row_of_a_running_key_when_its_Hangfire_job_no_longer_exists()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), QuickSweeper);
        var jobId = Create(jobs, "GONE", new SucceededState(null, 0, 0));
        await jobs.ScalarAsync<int>($"WITH gone AS (DELETE FROM hangfire.job WHERE id = {jobId} RETURNING 1) SELECT count(*)::int FROM gone");
        await RunningRowAsync(jobs, "GONE", jobId, rerun: false);

        await Eventually.AssertAsync(async () => await jobs.ScalarAsync<long>("SELECT count(*) FROM jobs.keyed_work") == 0, "the sweeper ended the row");

        Assert.Equal(0, jobs.Script.Runs("GONE"));
        Assert.Equal(0L, await jobs.ScalarAsync<long>("SELECT count(*) FROM hangfire.job"));
    }

    [Fact]
    public async Task Sweeper_hands_a_key_over_again_when_its_job_ended_without_bookkeeping_after_a_request_came()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), QuickSweeper);
        var jobId = Create(jobs, "RERUN", new SucceededState(null, 0, 0));
        await RunningRowAsync(jobs, "RERUN", jobId, rerun: true);

        await Eventually.AssertAsync(async () => jobs.Script.Runs("RERUN") == 1, "the key was run again");
        await JobsProbe.SettledAsync(jobs.DataSource);

        var rerun = Assert.Single(await jobs.Search.FindAsync("test:probe:RERUN"));
        Assert.NotEqual(jobId, rerun.Id);
        Assert.Equal(SucceededState.StateName, rerun.State);
        Assert.Equal(1, jobs.Script.Runs("RERUN"));
    }

    [Fact]
    public async Task Sweeper_ends_the_row_of_a_key_whose_job_state_says_failed()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), QuickSweeper, start: false);
        var jobId = Create(jobs, "FAILED", new EnqueuedState("nobody-works-this"));

        // Hangfire's own rows say Failed, as if the worker had committed the failure and died before the filter ran.
        await using (var command = jobs.DataSource.CreateCommand(
            $"""
            WITH s AS (INSERT INTO hangfire.state (jobid, name, reason, createdat, data)
                       VALUES ({jobId}, 'Failed', 'written by the test', now(), '{"{"}{"}"}') RETURNING id)
            UPDATE hangfire.job SET stateid = (SELECT id FROM s), statename = 'Failed' WHERE id = {jobId}
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        await RunningRowAsync(jobs, "FAILED", jobId, rerun: false);
        await jobs.Host.StartAsync();

        await Eventually.AssertAsync(async () => await jobs.ScalarAsync<long>("SELECT count(*) FROM jobs.keyed_work") == 0, "the sweeper ended the row");
        Assert.Equal(0, jobs.Script.Runs("FAILED"));
    }

    [Fact]
    public async Task Sweeper_leaves_the_row_of_a_job_that_still_runs_and_its_rerun_still_happens()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), QuickSweeper);
        jobs.Script.Gated.Add("LIVE");
        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "LIVE"), CancellationToken.None);
        await jobs.Script.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "LIVE"), CancellationToken.None);
        var before = await jobs.ScalarAsync<DateTime>("SELECT updated_at FROM jobs.keyed_work");

        // The sweeper has looked at the quiet row (and marked it checked) more than once while the job ran.
        await Eventually.AssertAsync(async () => await jobs.ScalarAsync<DateTime>("SELECT updated_at FROM jobs.keyed_work") > before.AddMilliseconds(300), "the sweeper checked the row twice");
        Assert.Equal("running rerun", await jobs.ScalarAsync<string>("SELECT concat_ws(' ', CASE WHEN running THEN 'running' END, CASE WHEN rerun THEN 'rerun' END) FROM jobs.keyed_work"));

        jobs.Script.Gated.Clear();
        jobs.Script.Gate.SetResult();
        await JobsProbe.SettledAsync(jobs.DataSource);

        Assert.Equal((2, 1), (jobs.Script.Runs("LIVE"), jobs.Script.MaxRunning("LIVE")));
        Assert.Equal(2, (await jobs.Search.FindAsync("test:probe:LIVE")).Count);
    }

    private static string Create(JobsHost jobs, string id, IState state)
    {
        var registration = jobs.Host.Services.GetRequiredService<JobRegistry>().Keyed(JobsHost.ProbeKind);
        return jobs.Host.Services.GetRequiredService<IBackgroundJobClientV2>().Create(registration.JobFor(id), state, null);
    }

    /// <summary>What the key's row says when its job started and the crash came before its end was recorded.</summary>
    private static async Task RunningRowAsync(JobsHost jobs, string id, string jobId, bool rerun)
    {
        await using var command = jobs.DataSource.CreateCommand(
            """
            INSERT INTO jobs.keyed_work (key, kind, id, job_id, running, rerun, updated_at)
            VALUES ('test:probe:' || @id, 'test:probe', @id, @job, true, @rerun, now() - interval '1 second')
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("rerun", rerun);
        await command.ExecuteNonQueryAsync();
    }
}
