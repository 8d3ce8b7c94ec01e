using System.Net;
using Connector.Jobs.Admin;
using Connector.Jobs.Tests.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>The dashboard on loopback with no users configured, in headless Chromium, over a running engine.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardBrowserTests(ChromiumFixture chromium) : MigratedDatabase
{
    private const string BusinessKey = "square:order:PW-1";

    [Fact]
    public async Task Dashboard_lists_finds_shows_and_retries_a_failed_job_until_it_succeeds()
    {
        var handler = new HandlerSwitch();
        await using var host = await DashboardHost.StartAsync(ConnectionString, services: s => s
            .AddSingleton(handler)
            .AddConnectorJobs(o => o.WorkerCount = 1)
            .AddJobHandler<OrderHandler, TestOrderArgs>(OrderHandler.Kind));
        var job = await host.Services.GetRequiredService<JobClient>()
            .EnqueueAsync(OrderHandler.Kind, new TestOrderArgs("PW-1"), new EnqueueOptions { BusinessKey = BusinessKey });
        await Eventually.AssertAsync(async () => await JobRows.StateAsync(DataSource, job.Id) == JobStates.Failed, "the engine fails the job");
        var page = await NewPageAsync(host);

        // The failed list shows it.
        await page.GotoAsync("/ops/jobs?state=failed");
        await Expect(page.Locator("#jobs tr", new() { HasText = BusinessKey })).ToHaveCountAsync(1);

        // Searching by a prefix of its business key finds it.
        await page.Locator("header input[name=q]").FillAsync("square:order:PW");
        await page.Locator("header input[name=q]").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ops/search\\?q="));
        await page.Locator("#jobs tr", new() { HasText = BusinessKey }).GetByRole(AriaRole.Link).ClickAsync();

        // The detail page shows its error as text: the markup in it is encoded, not executed.
        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/ops/jobs/{job.Id}");
        await Expect(page.Locator("#last-error")).ToHaveTextAsync("Leat answered 422: <script>alert('x')</script> for PW-1");
        await Expect(page.Locator("main script")).ToHaveCountAsync(0);
        await Expect(page.Locator("#args")).ToContainTextAsync("\"order\": \"PW-1\"");

        // Retry: the engine runs it again and this time it succeeds.
        handler.Fail = false;
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync($"Job {job.Id} was enqueued to run now.");
        Assert.Equal(job.Id, await handler.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        await Eventually.AssertAsync(async () => await JobRows.StateAsync(DataSource, job.Id) == JobStates.Succeeded, "the replay succeeds");
        await page.ReloadAsync();
        await Expect(page.Locator("h1 .state")).ToHaveTextAsync("succeeded");
        await Expect(page.Locator("#history")).ToContainTextAsync("Replayed from the dashboard by loopback");

        // The audit log records who retried what.
        await page.GotoAsync("/ops/audit");
        var audit = page.Locator("#audit tr").First;
        await Expect(audit).ToContainTextAsync("dashboard:loopback");
        await Expect(audit).ToContainTextAsync("job.retry");
        await Expect(audit).ToContainTextAsync($"job:{job.Id}");

        var screenshot = Environment.GetEnvironmentVariable("JOBS_DASHBOARD_SCREENSHOT");
        if (!string.IsNullOrEmpty(screenshot))
        {
            await page.GotoAsync($"/ops/jobs/{job.Id}");
            await page.ScreenshotAsync(new() { Path = Path.ChangeExtension(screenshot, ".detail.png"), FullPage = true });
            await page.GotoAsync("/ops/");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }
    }

    [Fact]
    public async Task Dashboard_refuses_anonymous_remote_requests_when_no_users_are_configured()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString);
        var id = await JobRows.InsertAsync(DataSource, JobStates.Failed);
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = host.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { [RemoteAddressStartupFilter.Header] = "1" },
        });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/ops/");

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(page.Locator("body")).ToHaveTextAsync("The jobs dashboard only answers loopback requests unless Dashboard:Users is configured.");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.BaseUrl}/ops/jobs/{id}/retry") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(RemoteAddressStartupFilter.Header, "1");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
        Assert.Equal(JobStates.Failed, await JobRows.StateAsync(DataSource, id));
    }

    [Fact]
    public async Task Dashboard_refuses_a_loopback_request_relayed_by_a_proxy_the_host_does_not_know_about()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host.BaseUrl}/ops/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{host.BaseUrl}/ops/")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_encodes_untrusted_job_fields_in_lists_and_search()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString);
        await JobRows.InsertAsync(DataSource, JobStates.Failed, kind: "<img src=x onerror=alert(1)>", businessKey: "bk:<b>1</b>", lastError: "\"><script>alert(2)</script>");
        using var http = new HttpClient();

        foreach (var path in new[] { "/ops/jobs?state=failed", "/ops/search?q=bk%3A%3Cb%3E" })
        {
            var html = await http.GetStringAsync($"{host.BaseUrl}{path}");

            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
            Assert.Contains("bk:&lt;b&gt;1&lt;/b&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dashboard_refuses_a_post_without_an_antiforgery_token()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString);
        var id = await JobRows.InsertAsync(DataSource, JobStates.Failed);
        using var http = new HttpClient();

        var response = await http.PostAsync($"{host.BaseUrl}/ops/jobs/{id}/retry", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JobStates.Failed, await JobRows.StateAsync(DataSource, id));
        Assert.Equal(0L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.audit_log"));
    }

    [Fact]
    public async Task Dashboard_retries_every_job_matching_the_filter_from_the_list_page()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, new Dictionary<string, string?> { ["Dashboard:PageSize"] = "2" });
        for (var i = 0; i < 5; i++)
        {
            await JobRows.InsertAsync(DataSource, JobStates.Failed, kind: "leat.order");
        }

        var other = await JobRows.InsertAsync(DataSource, JobStates.Failed, kind: "square.poll");
        var page = await NewPageAsync(host);
        await page.GotoAsync("/ops/jobs?state=failed&kind=leat.order");
        await Expect(page.Locator("#jobs tr")).ToHaveCountAsync(2);
        await page.Locator("a.next").ClickAsync();
        await Expect(page.Locator("#jobs tr")).ToHaveCountAsync(2);

        var bulk = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Retry all matching" }) });
        await bulk.GetByRole(AriaRole.Checkbox).CheckAsync();
        await bulk.GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page.Locator(".flash")).ToHaveTextAsync("5 job(s) enqueued (state=failed kind=leat.order).");
        Assert.Equal(5L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.job WHERE state = 'enqueued' AND kind = 'leat.order'"));
        Assert.Equal(JobStates.Failed, await JobRows.StateAsync(DataSource, other));
    }

    [Fact]
    public async Task Dashboard_pauses_a_queue_and_triggers_and_disables_a_recurring_job_with_audit_rows()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString);
        await JobRows.InsertAsync(DataSource, JobStates.Enqueued, queue: "leat");
        await JobRows.ExecuteAsync(DataSource, "INSERT INTO jobs.recurring (id, kind, cron, next_run_at) VALUES ('square-poll', 'square.poll', '*/5 * * * *', now())");
        var page = await NewPageAsync(host);

        await page.GotoAsync("/ops/queues");
        await page.Locator("tr", new() { HasText = "leat" }).GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync("Queue leat is paused.");
        await Expect(page.Locator("tr", new() { HasText = "leat" }).GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();

        await page.GotoAsync("/ops/recurring");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync("Recurring job square-poll will fire at the engine's next check.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(page.Locator("main table")).ToContainTextAsync("disabled");

        Assert.True(await JobRows.ScalarAsync<bool>(DataSource, "SELECT paused FROM jobs.queue WHERE name = 'leat'"));
        Assert.False(await JobRows.ScalarAsync<bool>(DataSource, "SELECT enabled FROM jobs.recurring WHERE id = 'square-poll'"));
        await page.GotoAsync("/ops/audit");
        await Expect(page.Locator("#audit tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#audit")).ToContainTextAsync("queue:leat");
        await Expect(page.Locator("#audit")).ToContainTextAsync("recurring:square-poll");
    }

    private async Task<IPage> NewPageAsync(DashboardHost host)
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl });
        return await context.NewPageAsync();
    }
}
