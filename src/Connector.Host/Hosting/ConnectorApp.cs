using Connector.Host.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Connector.Host.Hosting;

/// <summary>The built web application and the sandbox pieces it runs with; disposing stops both.</summary>
internal sealed class ConnectorApp : IAsyncDisposable
{
    private ConnectorApp(WebApplication app, SandboxEnvironment sandbox)
    {
        App = app;
        Sandbox = sandbox;
    }

    public WebApplication App { get; }

    public SandboxEnvironment Sandbox { get; }

    /// <summary>The first address the server listens on, once started (wildcards shown as 127.0.0.1).</summary>
    public string Address =>
        (App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000")
        .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
        .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
        .TrimEnd('/');

    /// <param name="args">Command-line arguments, configuration included (<c>--Key=value</c>).</param>
    /// <param name="forceSandbox">Run the simulators even when real accounts are configured.</param>
    /// <param name="cancellationToken">Cancels starting the sandbox.</param>
    /// <param name="before">
    /// Registrations made before the connector's own, so they win over its defaults (which are added with TryAdd); for
    /// benchmarks that must lift a platform's client-side rate limit, which configuration validates.
    /// </param>
    public static async Task<ConnectorApp> BuildAsync(string[] args, bool forceSandbox, CancellationToken cancellationToken, Action<IServiceCollection>? before = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var sandbox = await SandboxEnvironment.StartAsync(builder.Configuration, forceSandbox, cancellationToken);
        before?.Invoke(builder.Services);
        builder.Services.AddConnector(builder.Configuration, sandbox);
        var app = builder.Build();
        app.MapConnector();
        if (sandbox.IsSandbox)
        {
            app.MapSandboxViews(sandbox);
        }

        return new ConnectorApp(app, sandbox);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
