using System.Net;
using Connector.Jobs.Admin;
using Connector.Jobs.Dashboard;
using Connector.Jobs.Tests.Admin;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>The dashboard with configured users: login, roles, and remote access for logged-in users only.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardLoginTests(ChromiumFixture chromium) : MigratedDatabase
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
    public async Task Remote_user_must_log_in_and_then_may_retry_with_an_audited_name()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Users);
        var id = await JobRows.InsertAsync(DataSource, JobStates.Failed, businessKey: "newstore:order:9");
        var page = await NewRemotePageAsync(host);

        await page.GotoAsync($"/ops/jobs/{id}");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ops/login\\?returnUrl="));
        await LogInAsync(page, "ops", "ops-secret");
        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/ops/jobs/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();

        await Expect(page.Locator(".flash")).ToHaveTextAsync($"Job {id} was enqueued to run now.");
        Assert.Equal(JobStates.Enqueued, await JobRows.StateAsync(DataSource, id));
        Assert.Equal("dashboard:ops", await JobRows.ScalarAsync<string>(DataSource, "SELECT actor FROM jobs.audit_log WHERE action = 'job.retry'"));
        await Expect(page.Locator("#history")).ToContainTextAsync("Replayed from the dashboard by ops");
    }

    [Fact]
    public async Task Read_only_user_sees_no_actions_and_cannot_retry()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Users);
        var id = await JobRows.InsertAsync(DataSource, JobStates.Failed);
        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/ops/login");
        await LogInAsync(page, "viewer", "viewer-secret");

        await page.GotoAsync($"/ops/jobs/{id}");
        await Expect(page.Locator("h1")).ToContainTextAsync($"Job #{id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry now" })).ToHaveCountAsync(0);

        // Even with a valid session and antiforgery token, the POST itself is refused.
        var token = await page.Locator("#logout input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        var response = await page.Context.APIRequest.PostAsync($"/ops/jobs/{id}/retry", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("User viewer is read-only and may not change jobs.", await response.TextAsync());
        Assert.Equal(JobStates.Failed, await JobRows.StateAsync(DataSource, id));
        Assert.Equal(0L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.audit_log"));
    }

    [Fact]
    public async Task Login_refuses_a_wrong_password()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Users);
        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/ops/login");

        await LogInAsync(page, "ops", "not-the-password");

        await Expect(page.Locator(".login .error")).ToHaveTextAsync("Unknown name or wrong password.");
        var response = await page.GotoAsync("/ops/");
        Assert.EndsWith("/ops/login?returnUrl=%2Fops%2F", response!.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_post_without_antiforgery_token_is_refused_even_when_logged_in()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Users);
        var id = await JobRows.InsertAsync(DataSource, JobStates.Failed);
        var page = await NewRemotePageAsync(host);
        await page.GotoAsync("/ops/login");
        await LogInAsync(page, "ops", "ops-secret");

        var response = await page.Context.APIRequest.PostAsync($"/ops/jobs/{id}/retry", new() { Form = page.Context.APIRequest.CreateFormData(), MaxRedirects = 0 });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(JobStates.Failed, await JobRows.StateAsync(DataSource, id));
    }

    private static async Task LogInAsync(IPage page, string name, string password)
    {
        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    private async Task<IPage> NewRemotePageAsync(DashboardHost host)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = host.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { [RemoteAddressStartupFilter.Header] = "1" },
        });
        return await context.NewPageAsync();
    }
}
