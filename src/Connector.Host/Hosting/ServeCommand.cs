using Connector.Core.Mappings;
using Microsoft.Extensions.Options;

namespace Connector.Host.Hosting;

/// <summary>Runs the service: webhooks, jobs, dashboard and health, until stopped.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, bool forceSandbox, CancellationToken cancellationToken)
    {
        await using var connector = await ConnectorApp.BuildAsync(args, forceSandbox, cancellationToken);
        try
        {
            await connector.App.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is MappingException or OptionsValidationException or ConnectorConfigurationException)
        {
            // Configuration mistakes stop the service with the message alone; a stack trace would bury it.
            await Console.Error.WriteLineAsync($"The connector did not start: {e.Message}");
            return 1;
        }

        PrintWhereToLook(connector);
        await connector.App.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static void PrintWhereToLook(ConnectorApp connector)
    {
        var address = connector.Address;
        var lines = new List<string>
        {
            "",
            connector.Sandbox.IsSandbox ? "Connector running in SANDBOX mode (no Leat:ApiToken and no database configured, or --sandbox): sample orders and returns flow into a local Leat fake." : "Connector running.",
            $"  Ops dashboard   {address}/hangfire",
            $"  Readiness       {address}/health/ready",
        };
        if (connector.Sandbox.IsSandbox)
        {
            lines.Add($"  Leat fake       {address}/sandbox/leat   (what Leat has received: orders, returns, point balances)");
            lines.Add($"  Simulators      {string.Join(", ", connector.Sandbox.Simulators.Select(s => s.Platform))}   (sample sales and returns every 5 s)");
        }

        if (connector.Sandbox.UsesThrowawayDatabase)
        {
            lines.Add("  Database        throwaway local PostgreSQL, deleted on exit (set ConnectionStrings__Connector to keep data)");
        }

        lines.Add("Press Ctrl+C to stop.");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
