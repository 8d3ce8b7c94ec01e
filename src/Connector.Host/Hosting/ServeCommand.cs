using Connector.Core.Mappings;
using Connector.Host.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Connector.Host.Hosting;

/// <summary>Runs the service: webhooks, jobs, dashboard and health, until stopped.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, bool forceSandbox, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(args);
        await using var sandbox = await SandboxEnvironment.StartAsync(builder.Configuration, forceSandbox, cancellationToken);
        builder.Services.AddConnector(builder.Configuration, sandbox);
        await using var app = builder.Build();
        app.MapConnector();
        if (sandbox.LeatFake is not null)
        {
            app.MapSandboxViews(sandbox.LeatFake);
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is MappingException or OptionsValidationException or InvalidOperationException)
        {
            // Configuration mistakes stop the service with the message alone; a stack trace would bury it.
            await Console.Error.WriteLineAsync($"The connector did not start: {e.Message}");
            return 1;
        }

        PrintWhereToLook(app, sandbox);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static void PrintWhereToLook(WebApplication app, SandboxEnvironment sandbox)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        address = address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        var lines = new List<string>
        {
            "",
            sandbox.IsSandbox ? "Connector running in SANDBOX mode (no Leat:ApiToken configured): sample orders and returns flow into a local Leat fake." : "Connector running.",
            $"  Ops dashboard   {address}/ops",
            $"  Readiness       {address}/health/ready",
        };
        if (sandbox.LeatFake is not null)
        {
            lines.Add($"  Leat fake       {address}/sandbox/leat   (what Leat has received: orders, returns, point balances)");
        }

        if (sandbox.UsesThrowawayDatabase)
        {
            lines.Add("  Database        throwaway local PostgreSQL, deleted on exit (set ConnectionStrings__Connector to keep data)");
        }

        lines.Add("Press Ctrl+C to stop.");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
