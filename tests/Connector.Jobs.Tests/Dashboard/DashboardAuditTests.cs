using System.Net;
using System.Text.RegularExpressions;
using Connector.Jobs.Dashboard;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>Hangfire's command routes, posted as its pages' scripts post them, each leave one audit row.</summary>
public sealed partial class DashboardAuditTests : HangfireDatabase
{
    [Fact]
    public async Task Deleting_from_the_job_detail_page_is_audited_with_the_id_from_the_route()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        var id = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(3)), "boom");
        var browser = new ScriptedPage(host);

        using var response = await browser.PostAsync($"/hangfire/jobs/details/{id}", $"/hangfire/jobs/actions/delete/{id}", []);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(DeletedState.StateName, await StateOfAsync(id));
        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal(("dashboard:loopback", $"/jobs/actions/delete/{id}", 1, "127.0.0.1"), (entry.Actor, entry.Action, entry.JobCount, entry.RemoteAddress));
        Assert.Equal([id], entry.JobIds);
    }

    [Fact]
    public async Task Triggering_a_recurring_job_is_audited_with_its_recurring_id()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        new RecurringJobManager(Storage).AddOrUpdate("nightly-resync", Job.FromExpression(() => TestJobs.SyncReturn(0)), Cron.Daily());
        var browser = new ScriptedPage(host);

        using var response = await browser.PostAsync("/hangfire/recurring", "/hangfire/recurring/trigger", [new("jobs[]", "nightly-resync")]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entry = Assert.Single(await new DashboardAuditLog(DataSource).ListAsync(10));
        Assert.Equal(("dashboard:loopback", "/recurring/trigger"), (entry.Actor, entry.Action));
        Assert.Equal(["nightly-resync"], entry.JobIds);
        Assert.Equal(1, await CountJobsInStateAsync(EnqueuedState.StateName));
    }

    [Fact]
    public async Task A_command_Hangfire_rejects_is_not_audited()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        var browser = new ScriptedPage(host);

        // No jobs[]: Hangfire answers 422 and changes nothing.
        using var response = await browser.PostAsync("/hangfire/jobs/failed", "/hangfire/jobs/failed/requeue", []);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\">")]
    private static partial Regex CsrfToken();

    /// <summary>Does what Hangfire's script does: takes the token from the page's meta tag and posts with it as a header.</summary>
    private sealed class ScriptedPage(DashboardHost host)
    {
        private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

        public async Task<HttpResponseMessage> PostAsync(string pagePath, string commandPath, IEnumerable<KeyValuePair<string, string>> form)
        {
            var page = await _http.GetStringAsync(host.BaseUrl + pagePath);
            var token = WebUtility.HtmlDecode(CsrfToken().Match(page).Groups[1].Value);
            Assert.NotEqual("", token);
            using var request = new HttpRequestMessage(HttpMethod.Post, host.BaseUrl + commandPath) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("RequestVerificationToken", token);
            return await _http.SendAsync(request);
        }
    }
}
