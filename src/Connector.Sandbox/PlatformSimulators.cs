using Connector.Sandbox.CommerceLayer;
using Connector.Sandbox.NewStore;
using Connector.Sandbox.Square;

namespace Connector.Sandbox;

/// <summary>Every platform simulator the sandbox has.</summary>
public static class PlatformSimulators
{
    /// <summary>Starts each simulator for a connector listening at <paramref name="connector"/> (webhooks go to its <c>/webhooks/&lt;platform&gt;</c>).</summary>
    public static async Task<IReadOnlyList<IPlatformSimulator>> StartAllAsync(Uri connector, CancellationToken cancellationToken)
    {
        var started = new List<IPlatformSimulator>();
        try
        {
            started.Add(await SquarePlatformSimulator.StartAsync(connector, cancellationToken));
            started.Add(await NewStorePlatformSimulator.StartAsync(connector, cancellationToken));
            started.Add(await CommerceLayerPlatformSimulator.StartAsync(connector, cancellationToken));
        }
        catch
        {
            foreach (var simulator in started)
            {
                await simulator.DisposeAsync();
            }

            throw;
        }

        return started;
    }
}
