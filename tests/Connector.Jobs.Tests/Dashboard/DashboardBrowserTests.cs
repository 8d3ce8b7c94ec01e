using Connector.Testing;
using System.Text.RegularExpressions;
using Connector.Jobs.Dashboard;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>Hangfire's dashboard with our login, roles, audit and bulk page, in Chromium against a real Kestrel host.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardBrowserTests(ChromiumFixture chromium) : HangfireDatabase
{
    private static readonly Lazy<string> OperatorHash = new(() => DashboardPasswordHasher.Hash("ops-secret"));

    private static Dictionary<string, string?> Users => new()
    {
        ["Dashboard:Users:0:Name"] = "ops",
        ["Dashboard:Users:0:PasswordHash"] = OperatorHash.Value,
        ["Dashboard:Users:0:Role"] = "Operator",
        ["Dashboard:Users:1:Name"] = "viewer",
        ["Dashboard:Users:1:Password"] = "viewer-secret",
        ["Dashboard:Users:1:Role"] = "ReadOnly",
    };

    [Fact]
    public async Task Operator_logs_in_from_a_remote_address_and_requeues_a_failed_job_from_Hangfires_Failed_page_which_is_audited()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        var id = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(9)), "Leat said 422");
        var page = await NewRemotePageAsync(host);

        await page.GotoAsync("/hangfire/jobs/failed");
        await Expect(page).ToHaveURLAsync(new Regex("/hangfire/login\\?returnUrl="));
        await LogInAsync(page, "ops", "ops-secret");
        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/hangfire/jobs/failed");
        await page.Locator($"input[name='jobs[]'][value='{id}']").CheckAsync();
        var requeued = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Requeue jobs" }).ClickAsync(),
            r => r.Url.EndsWith("/hangfire/jobs/failed/requeue", StringComparison.Ordinal));

        Assert.Equal(204, requeued.Status);
        await Eventually.AssertAsync(async () => await StateOfAsync(id) == EnqueuedState.StateName, $"job {id} is enqueued");
        DashboardAuditEntry? entry = null;
        await Eventually.AssertAsync(async () => (entry = (await new DashboardAuditLog(DataSource).ListAsync(10)).SingleOrDefault()) is not null, "the requeue is audited");
        Assert.Equal(("dashboard:ops", "/jobs/failed/requeue", 1), (entry!.Actor, entry.Action, entry.JobCount));
        Assert.Equal([id], entry.JobIds);
        Assert.Equal(RemoteAddressStartupFilter.RemoteAddress.ToString(), entry.RemoteAddress);
    }

    [Fact]
    public async Task Read_only_user_sees_no_requeue_or_delete_buttons_and_their_POST_is_refused()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        var id = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(1)), "boom");
        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/hangfire/login");
        await LogInAsync(page, "viewer", "viewer-secret");

        await page.GotoAsync("/hangfire/jobs/failed");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Failed Jobs");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Requeue jobs" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" })).ToHaveCountAsync(0);
        await page.GotoAsync($"/hangfire/bulk/failed?count=1");
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("1 failed job(s) match: all failed jobs.");
        await Expect(page.Locator("#bulk-run")).ToHaveCountAsync(0);

        // With a valid session and the page's own antiforgery token, the POST itself is still refused.
        await page.GotoAsync("/hangfire/jobs/failed");
        var header = await page.Locator("meta[name=csrf-header]").GetAttributeAsync("content");
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var form = page.Context.APIRequest.CreateFormData();
        form.Append("jobs[]", id);
        var response = await page.Context.APIRequest.PostAsync($"{host.BaseUrl}/hangfire/jobs/failed/requeue", new()
        {
            Form = form,
            Headers = new Dictionary<string, string> { [header!] = token!, [RemoteAddressStartupFilter.Header] = "1" },
        });

        Assert.Equal(403, response.Status);
        Assert.Equal("User viewer is read-only and may not change jobs.", await response.TextAsync());
        Assert.Equal(FailedState.StateName, await StateOfAsync(id));
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }

    [Fact]
    public async Task Bulk_page_shows_the_count_first_and_then_requeues_exactly_the_filtered_set()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        var wanted = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var job = i % 2 == 0 ? Job.FromExpression(() => TestJobs.SyncOrder(i)) : Job.FromExpression(() => TestJobs.SyncReturn(i));
            var id = CreateFailed(job, i % 3 == 0 ? "Leat timed out" : "Leat said 422");
            if (i % 2 == 0 && i % 3 == 0)
            {
                wanted.Add(id);
            }
        }

        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/hangfire/bulk/failed");
        await LogInAsync(page, "ops", "ops-secret");
        await page.GetByLabel("Job type").FillAsync("SyncOrder");
        await page.GetByLabel("Exception text contains").FillAsync("timed out");
        await page.GetByRole(AriaRole.Button, new() { Name = "Count matching jobs" }).ClickAsync();
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("4 failed job(s) match: type~SyncOrder exception~timed out.");
        Assert.Equal(24, await CountJobsInStateAsync(FailedState.StateName));

        await page.GetByRole(AriaRole.Button, new() { Name = "Requeue 4 job(s)" }).ClickAsync();

        await Expect(page.Locator("#bulk-done")).ToHaveTextAsync("Requeued 4 job(s).");
        Assert.Equal(20, await CountJobsInStateAsync(FailedState.StateName));
        Assert.Equal(4, await CountJobsInStateAsync(EnqueuedState.StateName));
        foreach (var id in wanted)
        {
            Assert.Equal(EnqueuedState.StateName, await StateOfAsync(id));
        }

        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal(("dashboard:ops", "/bulk/failed/run/requeue", 4), (entry.Actor, entry.Action, entry.JobCount));
        Assert.Equal("type~SyncOrder exception~timed out; matched 4, changed 4", entry.Detail);
        Assert.Equal(wanted.Order(), entry.JobIds.Order());
    }

    [Fact]
    public async Task Logged_in_user_can_log_out_and_is_sent_to_the_login_page_again()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/hangfire/");
        await LogInAsync(page, "viewer", "viewer-secret");

        await page.GetByRole(AriaRole.Link, new() { Name = "Log out viewer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/hangfire/login");
        await page.GotoAsync("/hangfire/jobs/failed");

        await Expect(page).ToHaveURLAsync(new Regex("/hangfire/login\\?returnUrl="));
    }

    [Fact]
    public async Task Anonymous_remote_browser_is_refused_when_no_users_are_configured()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        var page = await NewRemotePageAsync(host);

        var response = await page.GotoAsync("/hangfire/");

        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("body")).ToHaveTextAsync("The jobs dashboard only answers loopback requests unless Dashboard:Users is configured.");
    }

    [Fact]
    public async Task Operator_POST_without_the_antiforgery_token_is_refused()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        var id = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(5)), "boom");
        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/hangfire/login");
        await LogInAsync(page, "ops", "ops-secret");

        var form = page.Context.APIRequest.CreateFormData();
        form.Append("jobs[]", id);
        var response = await page.Context.APIRequest.PostAsync($"{host.BaseUrl}/hangfire/jobs/failed/requeue", new() { Form = form });

        Assert.Equal(403, response.Status);
        Assert.Equal(FailedState.StateName, await StateOfAsync(id));
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }

    private async Task<IPage> NewRemotePageAsync(DashboardHost host)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { [RemoteAddressStartupFilter.Header] = "1" },
        });
        return await context.NewPageAsync();
    }

    private static async Task LogInAsync(IPage page, string name, string password)
    {
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }
}
