using System.CommandLine;
using Connector.Jobs.Cli;
using Connector.Jobs.Dashboard;
using Connector.Jobs.Tests.Admin;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs.Tests.Cli;

/// <summary>
/// The <c>jobs</c> verbs against a real database, with jobs made through Hangfire's client as a worker leaves them and a
/// service provider built as the host's command line builds it. No job server runs, so states stay where the
/// commands put them.
/// </summary>
public sealed class JobsCommandsTests : MigratedDatabase
{
    private const string Everything = "--from 2000-01-01T00:00:00Z --to 2100-01-01T00:00:00Z";
    private const string EverythingDescribed = "failed>=2000-01-01T00:00:00.0000000Z failed<2100-01-01T00:00:00.0000000Z";

    private static readonly string Actor = "cli:" + Environment.UserName;

    [Fact]
    public async Task Jobs_retry_failed_requeues_only_the_matches_prints_the_count_and_audits_it()
    {
        var wanted = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");
        var otherQueue = Failed<CliOrderJob>("ORD2", "refunds", "Leat answered 503");
        var otherError = Failed<CliOrderJob>("ORD3", "orders", "contact is required");

        var run = await RunAsync("retry --failed --queue orders --error 503");

        AssertRun(run, 0, ["1 failed job(s) match queue=orders exception~503.", "Requeued 1 of 1 job(s)."], []);
        Assert.Equal(
            [EnqueuedState.StateName, FailedState.StateName, FailedState.StateName],
            [await StateAsync(wanted), await StateAsync(otherQueue), await StateAsync(otherError)]);
        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal(
            (Actor, "jobs retry --failed", 1, "queue=orders exception~503; matched 1, changed 1", (string?)null),
            (entry.Actor, entry.Action, entry.JobCount, entry.Detail, entry.RemoteAddress));
        Assert.Equal([wanted], entry.JobIds);
    }

    [Fact]
    public async Task Jobs_delete_failed_prints_the_count_and_deletes_nothing_when_it_is_not_confirmed()
    {
        var order = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");
        var refund = Failed<CliRefundJob>("REF1", "refunds", "Leat answered 503");

        var run = await RunAsync("delete --failed --type CliOrderJob");

        AssertRun(run, 1, ["1 failed job(s) match type~CliOrderJob."], ["Nothing deleted: add --yes to delete them."]);
        Assert.Equal([FailedState.StateName, FailedState.StateName], [await StateAsync(order), await StateAsync(refund)]);
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }

    [Fact]
    public async Task Jobs_delete_failed_with_yes_deletes_the_matches_in_the_time_range_and_audits_them()
    {
        var first = Failed<CliRefundJob>("REF1", "refunds", "Leat answered 503");
        var second = Failed<CliRefundJob>("REF2", "refunds", "Leat timed out");
        var order = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");

        var future = await RunAsync("delete --failed --type CliRefundJob --from 2100-01-01T00:00:00Z --yes");
        var run = await RunAsync($"delete --failed --type CliRefundJob {Everything} --yes");

        AssertRun(future, 1, [], ["No failed job matches type~CliRefundJob failed>=2100-01-01T00:00:00.0000000Z; nothing done."]);
        AssertRun(run, 0, [$"2 failed job(s) match type~CliRefundJob {EverythingDescribed}.", "Deleted 2 of 2 job(s)."], []);
        Assert.Equal(
            [DeletedState.StateName, DeletedState.StateName, FailedState.StateName],
            [await StateAsync(first), await StateAsync(second), await StateAsync(order)]);
        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal((Actor, "jobs delete --failed", 2, $"type~CliRefundJob {EverythingDescribed}; matched 2, changed 2"), (entry.Actor, entry.Action, entry.JobCount, entry.Detail));
        Assert.Equal([first, second], entry.JobIds.Order());
    }

    [Fact]
    public async Task Jobs_delete_deletes_one_job_by_id_and_audits_it_and_refuses_a_job_that_is_gone()
    {
        var job = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");

        var run = await RunAsync($"delete {job}");
        var again = await RunAsync($"delete {job}");
        var missing = await RunAsync("delete 999999");

        AssertRun(run, 0, [$"Job {job} deleted (was Failed)."], []);
        AssertRun(again, 1, [], [$"Job {job} is already deleted; nothing done."]);
        AssertRun(missing, 1, [], ["No job 999999 (or it changed state meanwhile); nothing done."]);
        Assert.Equal(DeletedState.StateName, await StateAsync(job));
        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal((Actor, "jobs delete", "was Failed"), (entry.Actor, entry.Action, entry.Detail));
        Assert.Equal([job], entry.JobIds);
    }

    [Fact]
    public async Task Jobs_retry_requeues_one_failed_job_by_id_and_refuses_one_that_is_not_failed()
    {
        var job = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");

        var run = await RunAsync($"retry {job}");
        var again = await RunAsync($"retry {job}");

        AssertRun(run, 0, [$"Job {job} requeued."], []);
        AssertRun(again, 1, [], [$"Job {job} is not failed (or does not exist); nothing done."]);
        Assert.Equal(EnqueuedState.StateName, await StateAsync(job));
        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal((Actor, "jobs retry"), (entry.Actor, entry.Action));
        Assert.Equal([job], entry.JobIds);
    }

    [Fact]
    public async Task Jobs_retry_failed_exits_1_and_changes_nothing_when_no_failed_job_matches()
    {
        var job = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");

        var run = await RunAsync("retry --failed --error timeout");

        AssertRun(run, 1, [], ["No failed job matches exception~timeout; nothing done."]);
        Assert.Equal(FailedState.StateName, await StateAsync(job));
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }

    [Theory]
    [InlineData("retry", "Give a job id, or --failed to act on every failed job matching the filters.")]
    [InlineData("retry 12 --failed", "Give a job id or --failed, not both.")]
    [InlineData("retry 12 --queue orders", "--type, --queue, --error, --from and --to go with --failed.")]
    [InlineData("retry --failed --bogus", "Unrecognized option '--bogus'.")]
    [InlineData("search", "Required argument missing for command: 'search'.")]
    [InlineData("delete", "Give a job id, or --failed to act on every failed job matching the filters.")]
    [InlineData("delete 12 --yes", "--yes goes with --failed; one job is deleted without it.")]
    [InlineData("delete --failed --from yesterday --yes", "--from: 'yesterday' is not a date and time; use ISO 8601, e.g. 2026-12-01T08:00:00Z.")]
    [InlineData("delete --failed --from 2026-12-02T00:00:00Z --to 2026-12-01T00:00:00Z", "--from must be before --to.")]
    [InlineData("list --state bogus", "Unknown state 'bogus'; use failed, enqueued, scheduled, processing, succeeded or deleted.")]
    [InlineData("list --limit many", "Cannot parse argument 'many' for option '--limit' as expected type 'System.Int32'.")]
    [InlineData("show", "Required argument missing for command: 'show'.")]
    public async Task Jobs_commands_exit_2_and_say_why_when_the_usage_is_bad(string arguments, string why)
    {
        var job = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");

        var run = await RunAsync(arguments);

        AssertRun(run, 2, [], [why, $"See 'jobs {arguments.Split(' ')[0]} --help'."]);
        Assert.Equal(FailedState.StateName, await StateAsync(job));
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }

    [Fact]
    public async Task Jobs_show_and_search_still_find_a_job_and_exit_1_when_there_is_none()
    {
        var job = Failed<CliOrderJob>("ORD1", "orders", "Leat answered 503");

        var show = await RunAsync($"show {job}");
        var search = await RunAsync("search square:order:NOPE");

        Assert.Equal(0, show.Exit);
        Assert.Matches($"^{job}\t-\tFailed\tcreated .*Z\tretries 0\tLeat answered 503\tlast error: Leat answered 503$", Assert.Single(show.Output));
        AssertRun(search, 1, [], ["No job found for 'square:order:NOPE'."]);
    }

    [Fact]
    public async Task Jobs_hash_password_prints_a_hash_the_dashboard_accepts_for_the_password_read_from_input()
    {
        var run = await RunAsync("hash-password", new StringReader("correct horse battery staple\n"));
        var empty = await RunAsync("hash-password", new StringReader(""));

        Assert.Equal((0, 1), (run.Exit, run.Output.Length));
        Assert.True(DashboardPasswordHasher.Verify("correct horse battery staple", run.Output[0]));
        AssertRun(empty, 1, [], ["No password given; nothing done."]);
    }

    /// <summary>A job as a worker leaves it after a permanent failure (the connector's retry rule keeps it Failed).</summary>
    private string Failed<TJob>(string id, string queue, string message)
    {
        using var provider = Services();
        var method = typeof(TJob).GetMethod("RunAsync")!;
        var job = new Job(typeof(TJob), method, [id, CancellationToken.None], queue);
        return provider.GetRequiredService<IBackgroundJobClientV2>().Create(job, new FailedState(new PermanentJobFailureException(message), "test-server"), null);
    }

    private async Task<(int Exit, string[] Output, string[] Error)> RunAsync(string arguments, TextReader? input = null)
    {
        var root = new RootCommand { JobsCommands.Create(Services, input ?? new StringReader("")) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(["jobs", .. arguments.Split(' ')]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (exit, Lines(output), Lines(error));
    }

    private static void AssertRun((int Exit, string[] Output, string[] Error) run, int exit, string[] output, string[] error)
    {
        Assert.Equal(output, run.Output);
        Assert.Equal(error, run.Error);
        Assert.Equal(exit, run.Exit);
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>What the host's command line builds for each verb (see <c>ConnectorCommandLine</c>), plus the test job types.</summary>
    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(_ => NpgsqlDataSource.Create(ConnectionString))
            .AddConnectorJobs(configuration, ConnectionString)
            .AddJob<CliOrderJob>("test:cli-order", "orders")
            .AddJob<CliRefundJob>("test:cli-refund", "refunds")
            .BuildServiceProvider();
    }

    private async Task<string> StateAsync(string jobId)
    {
        await using var command = DataSource.CreateCommand("SELECT statename FROM hangfire.job WHERE id = @id");
        command.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
        return (string?)await command.ExecuteScalarAsync() ?? "(no job)";
    }
}
