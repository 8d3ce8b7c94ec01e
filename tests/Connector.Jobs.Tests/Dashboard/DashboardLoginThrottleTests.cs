using System.Net;
using System.Text.RegularExpressions;
using Connector.Jobs.Dashboard;
using Connector.Jobs.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>Password guessing: a few tries per address and window, then 429 until the oldest failure is old enough.</summary>
public sealed partial class DashboardLoginThrottleTests : HangfireDatabase
{
    private static readonly Dictionary<string, string?> Users = new()
    {
        ["Dashboard:Users:0:Name"] = "ops",
        ["Dashboard:Users:0:Password"] = "ops-secret",
        ["Dashboard:Users:0:Role"] = "Operator",
    };

    [Fact]
    public async Task An_address_that_failed_too_often_is_refused_even_with_the_right_password_until_the_window_passes()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users, s => s.AddSingleton<TimeProvider>(clock));
        var remote = new Browser(host, remote: true);
        for (var i = 0; i < DashboardLoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await remote.LogInAsync("ops", "guess-" + i)).StatusCode);
        }

        using var refused = await remote.LogInAsync("ops", "ops-secret");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed logins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another address is not held back by this one.
        using var local = await new Browser(host, remote: false).LogInAsync("ops", "ops-secret");
        Assert.Equal(HttpStatusCode.SeeOther, local.StatusCode);

        clock.Advance(DashboardLoginThrottle.Window);
        using var later = await remote.LogInAsync("ops", "ops-secret");
        Assert.Equal(HttpStatusCode.SeeOther, later.StatusCode);
    }

    [Fact]
    public async Task A_successful_login_clears_the_failures_of_its_address()
    {
        await using var host = await DashboardHost.StartAsync(ConnectionString, Storage, Users);
        var browser = new Browser(host, remote: true);
        for (var i = 0; i < DashboardLoginThrottle.MaxFailures - 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.LogInAsync("ops", "guess-" + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.SeeOther, (await browser.LogInAsync("ops", "ops-secret")).StatusCode);
        for (var i = 0; i < DashboardLoginThrottle.MaxFailures - 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.LogInAsync("ops", "again-" + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.SeeOther, (await browser.LogInAsync("ops", "ops-secret")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>One browser: its own cookies, posting the login form as a person would (token from the page).</summary>
    private sealed class Browser(DashboardHost host, bool remote)
    {
        private readonly CookieContainer _cookies = new();

        public async Task<HttpResponseMessage> LogInAsync(string name, string password)
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false });
            if (remote)
            {
                http.DefaultRequestHeaders.Add(RemoteAddressStartupFilter.Header, "1");
            }

            var page = await http.GetStringAsync($"{host.BaseUrl}/hangfire/login");
            var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
            return await http.PostAsync($"{host.BaseUrl}/hangfire/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["name"] = name,
                ["password"] = password,
                ["returnUrl"] = "/hangfire/",
            }));
        }
    }
}
