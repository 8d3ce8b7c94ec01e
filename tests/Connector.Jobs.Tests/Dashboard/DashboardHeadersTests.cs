using Connector.Jobs.Tests.Admin;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Jobs.Tests.Dashboard;

public sealed class DashboardHeadersTests : MigratedDatabase
{
    [Fact]
    public async Task Pages_are_never_cached_and_the_antiforgery_layer_finds_nothing_to_override()
    {
        using var logs = new CapturingLoggerProvider();
        await using var host = await DashboardHost.StartAsync(ConnectionString, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{host.BaseUrl}/ops/");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains("Antiforgery", StringComparison.OrdinalIgnoreCase)), "the page made no antiforgery token");

        // A page view must not log a warning: ops would learn to ignore warnings.
        Assert.DoesNotContain(logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal));
    }
}
