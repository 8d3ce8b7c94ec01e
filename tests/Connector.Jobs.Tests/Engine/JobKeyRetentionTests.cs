using Connector.Jobs.Tests.Dashboard;
using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Engine;

public sealed class JobKeyRetentionTests
{
    private static readonly Dictionary<string, string?> OneHourRetention = new() { ["Jobs:SucceededRetention"] = "01:00:00" };

    [Fact]
    public async Task Key_retention_deletes_old_keys_of_expired_jobs_in_batches_and_keeps_live_ones_and_keyed_work()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), OneHourRetention, start: false);
        var failed = Create(jobs, "FAILED", new FailedState(new PermanentJobFailureException("Leat answered 422")));
        await SeedAsync(jobs, failed);

        var retention = jobs.Host.Services.GetRequiredService<JobKeyRetentionJob>();
        retention.BatchSize = 1000;
        var deleted = await retention.PruneAsync(CancellationToken.None);

        Assert.Equal(2500, deleted);
        Assert.Equal(
            $"test:probe:FAILED={failed} test:probe:YOUNG=900000001",
            await jobs.ScalarAsync<string>("SELECT string_agg(key || '=' || job_id, ' ' ORDER BY key) FROM jobs.job_key"));
        Assert.Equal(1L, await jobs.ScalarAsync<long>("SELECT count(*) FROM jobs.keyed_work"));
    }

    [Fact]
    public async Task AddConnectorJobs_registers_an_hourly_key_retention_that_the_server_runs()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), OneHourRetention);
        var failed = Create(jobs, "FAILED", new FailedState(new PermanentJobFailureException("Leat answered 422")));
        await SeedAsync(jobs, failed);

        using (var connection = jobs.Host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var recurring = Assert.Single(connection.GetRecurringJobs([JobKeyRetentionJob.Id]));
            Assert.Equal(("0 17 * * * *", "default"), (recurring.Cron, recurring.Queue ?? "default"));
        }

        var jobId = jobs.Host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(JobKeyRetentionJob.Id);
        await Eventually.AssertAsync(
            async () => await jobs.ScalarAsync<string>($"SELECT statename FROM hangfire.job WHERE id = {jobId}") == SucceededState.StateName,
            "the key retention has run",
            TimeSpan.FromSeconds(20));

        Assert.Equal(2L, await jobs.ScalarAsync<long>("SELECT count(*) FROM jobs.job_key"));
    }

    private static string Create(JobsHost jobs, string id, IState state)
    {
        var registration = jobs.Host.Services.GetRequiredService<JobRegistry>().Keyed(JobsHost.ProbeKind);
        return jobs.Host.Services.GetRequiredService<IBackgroundJobClientV2>().Create(registration.JobFor(id), state, null);
    }

    /// <summary>2,500 old keys of jobs that expired, an old key of a job that lives, a young key, and a live keyed-work row.</summary>
    private static async Task SeedAsync(JobsHost jobs, string liveJobId)
    {
        await using var command = jobs.DataSource.CreateCommand(
            $"""
            INSERT INTO jobs.job_key (key, job_id, created_at)
            SELECT 'test:probe:OLD' || i, (800000000 + i)::text, now() - interval '2 hours' FROM generate_series(1, 2500) AS i;
            INSERT INTO jobs.job_key (key, job_id, created_at) VALUES
                ('test:probe:FAILED', '{liveJobId}', now() - interval '2 hours'),
                ('test:probe:YOUNG', '900000001', now() - interval '30 minutes');
            INSERT INTO jobs.keyed_work (key, kind, id, job_id, running, updated_at)
            VALUES ('test:probe:OLD1', 'test:probe', 'OLD1', '800000001', true, now() - interval '2 hours');
            """);
        await command.ExecuteNonQueryAsync();
    }
}
