using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>A real Kestrel app on 127.0.0.1 with a random port serving the dashboard at /hangfire, as a host would mount it.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    public const string Prefix = "/hangfire";

    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardHost> StartAsync(
        string connectionString,
        JobStorage storage,
        IDictionary<string, string?>? configuration = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<IStartupFilter, RemoteAddressStartupFilter>();
        // This test's storage, registered before AddHangfire: AddHangfire's own registration reads the process-wide
        // JobStorage.Current, which a parallel test may have pointed at its database.
        builder.Services.AddSingleton(storage);
        builder.Services.AddHangfire(c => c.UseStorage(storage).UseLogProvider(SilentHangfireLogProvider.Instance));
        builder.Services.AddJobsDashboard();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapJobsDashboard(Prefix);
        await app.StartAsync();
        return new DashboardHost(app, app.Urls.First().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
