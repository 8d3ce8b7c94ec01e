using System.Net;
using Connector.Jobs.Dashboard;
using Hangfire.Common;
using Hangfire.States;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>The access rules in front of Hangfire, over plain HTTP: loopback without users, login redirect, antiforgery.</summary>
public sealed class DashboardAccessTests : HangfireDatabase
{
    private static readonly Dictionary<string, string?> Users = new()
    {
        ["Dashboard:Users:0:Name"] = "ops",
        ["Dashboard:Users:0:Password"] = "ops-secret",
        ["Dashboard:Users:0:Role"] = "Operator",
    };

    [Fact]
    public async Task Dashboard_serves_loopback_callers_without_login_when_no_users_are_configured()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{host.BaseUrl}/hangfire/jobs/failed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(">Returns Connector · jobs</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/hangfire/bulk/failed\">", html, StringComparison.Ordinal);
        Assert.Equal("frame-ancestors 'none'; form-action 'self'; base-uri 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData(RemoteAddressStartupFilter.Header)]
    [InlineData("X-Forwarded-For")]
    [InlineData("Forwarded")]
    public async Task Dashboard_refuses_a_remote_or_proxied_caller_when_no_users_are_configured(string header)
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add(header, "203.0.113.5");

        using var response = await http.GetAsync($"{host.BaseUrl}/hangfire/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("The jobs dashboard only answers loopback requests unless Dashboard:Users is configured.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_redirects_an_anonymous_GET_to_the_login_page_and_refuses_an_anonymous_POST_when_users_are_configured()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add(RemoteAddressStartupFilter.Header, "1");

        using var page = await http.GetAsync($"{host.BaseUrl}/hangfire/jobs/failed?from=10");
        using var post = await http.PostAsync($"{host.BaseUrl}/hangfire/jobs/failed/requeue", new FormUrlEncodedContent([new("jobs[]", "1")]));

        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/hangfire/login?returnUrl=%2Fhangfire%2Fjobs%2Ffailed%3Ffrom%3D10", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("Log in to the jobs dashboard first.", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hangfire_refuses_an_operator_POST_without_an_antiforgery_token_and_nothing_is_audited()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage);
        var id = CreateFailed(Job.FromExpression(() => TestJobs.SyncOrder(1)), "boom");
        using var http = new HttpClient();

        using var requeue = await http.PostAsync($"{host.BaseUrl}/hangfire/jobs/failed/requeue", new FormUrlEncodedContent([new("jobs[]", id)]));
        using var bulk = await http.PostAsync($"{host.BaseUrl}/hangfire/bulk/failed/run", new FormUrlEncodedContent([new("action", "requeue")]));

        Assert.Equal(HttpStatusCode.Forbidden, requeue.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        Assert.Equal(FailedState.StateName, await StateOfAsync(id));
        Assert.Empty(await new DashboardAuditLog(DataSource).ListAsync(10));
    }
}
