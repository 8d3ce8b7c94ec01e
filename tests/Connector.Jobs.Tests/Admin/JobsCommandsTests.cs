using System.CommandLine;
using Connector.Jobs.Admin;
using Connector.Jobs.Cli;
using Connector.Jobs.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Admin;

public sealed class JobsCommandsTests : MigratedDatabase
{
    private ServiceProvider? _services;

    public override async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task List_prints_failed_jobs_of_one_kind()
    {
        var wanted = await JobRows.InsertAsync(DataSource, "failed", kind: "leat.order", businessKey: "square:order:1", lastError: "Leat answered 503");
        await JobRows.InsertAsync(DataSource, "failed", kind: "square.poll");

        var (code, output, _) = await RunAsync("jobs list --state failed --kind leat.order");

        Assert.Equal(0, code);
        var row = Assert.Single(output.Split('\n'), l => l.Contains("square:order:1", StringComparison.Ordinal));
        Assert.StartsWith($"{wanted,10} failed", row, StringComparison.Ordinal);
        Assert.EndsWith("Leat answered 503", row.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("1 job(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_by_filter_enqueues_every_match_and_audits_the_os_user()
    {
        await JobRows.ExecuteAsync(DataSource, "INSERT INTO jobs.job (kind, args, queue, state) SELECT 'leat.order', '{}', 'leat', 'failed' FROM generate_series(1, 120)");
        var otherKind = await JobRows.InsertAsync(DataSource, "failed", kind: "square.poll", queue: "leat");

        var (code, output, _) = await RunAsync("jobs retry --state failed --kind leat.order --queue leat");

        Assert.Equal(0, code);
        Assert.Equal("120 job(s) enqueued (state=failed queue=leat kind=leat.order).", output.Trim());
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, otherKind));
        Assert.Equal($"cli:{Environment.UserName}", await JobRows.ScalarAsync<string>(DataSource, "SELECT actor FROM jobs.audit_log"));
    }

    [Fact]
    public async Task Retry_one_job_refuses_a_succeeded_job_with_exit_code_1()
    {
        var id = await JobRows.InsertAsync(DataSource, "succeeded");

        var (code, _, error) = await RunAsync($"jobs retry {id}");

        Assert.Equal(1, code);
        Assert.Equal($"Job {id} is succeeded and was not retried: only failed or scheduled jobs can be retried.", error.Trim());
    }

    [Fact]
    public async Task Delete_by_filter_needs_yes()
    {
        var id = await JobRows.InsertAsync(DataSource, "failed");

        var (refusedCode, _, refusal) = await RunAsync("jobs delete --state failed");
        Assert.Equal(2, refusedCode);
        Assert.Equal("This changes every job matching state=failed; add --yes to confirm.", refusal.Trim());
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, id));

        var (code, output, _) = await RunAsync("jobs delete --state failed --yes");
        Assert.Equal(0, code);
        Assert.Equal("1 job(s) deleted (state=failed).", output.Trim());
        Assert.Equal("deleted", await JobRows.StateAsync(DataSource, id));
    }

    [Fact]
    public async Task Show_search_queue_and_recurring_commands_work_end_to_end()
    {
        var id = await JobRows.InsertAsync(DataSource, "failed", businessKey: "newstore:order:77", lastError: "boom", queue: "leat");
        await JobRows.ExecuteAsync(DataSource, "INSERT INTO jobs.recurring (id, kind, cron, next_run_at) VALUES ('poll', 'square.poll', '* * * * *', now())");

        var show = await RunAsync($"jobs show {id}");
        Assert.Contains("last error: boom", show.Output, StringComparison.Ordinal);
        Assert.Contains("\"order\": \"A-1\"", show.Output, StringComparison.Ordinal);
        Assert.Contains($"{id,10} failed", (await RunAsync("jobs search newstore:order:")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("jobs queue pause leat")).Code);
        Assert.Contains("paused", (await RunAsync("jobs queue list")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("jobs recurring disable poll")).Code);
        Assert.Equal(1, (await RunAsync("jobs recurring trigger poll")).Code);
        Assert.Contains("disabled", (await RunAsync("jobs recurring list")).Output, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("jobs show 999999")).Code);
        Assert.Equal(
            ["recurring.disable", "queue.pause"],
            (await new JobAdmin(DataSource, TimeProvider.System).ListAuditAsync()).Items.Select(a => a.Action));
    }

    [Fact]
    public async Task List_rejects_an_unknown_state()
    {
        var (code, _, error) = await RunAsync("jobs list --state broken");

        Assert.NotEqual(0, code);
        Assert.Contains("broken", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_that_verifies_without_touching_the_database()
    {
        var root = new RootCommand { JobsCommands.Create(() => throw new InvalidOperationException("no database needed"), new StringReader("s3cret\n")) };
        var output = new StringWriter();

        var code = await root.Parse("jobs hash-password").InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(0, code);
        var hash = output.ToString().Trim();
        Assert.StartsWith("PBKDF2-SHA256$600000$", hash, StringComparison.Ordinal);
        Assert.True(DashboardPasswordHasher.Verify("s3cret", hash));
        Assert.False(DashboardPasswordHasher.Verify("wrong", hash));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string commandLine)
    {
        _services ??= new ServiceCollection().AddSingleton(DataSource).AddJobAdmin().BuildServiceProvider();
        var root = new RootCommand { JobsCommands.Create(() => _services) };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await root.Parse(commandLine).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
