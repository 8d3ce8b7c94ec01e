namespace Connector.Sandbox;

/// <summary>
/// A platform's simulator as sandbox mode runs it: started on loopback for a connector at a known address, it says
/// which settings point the connector at it, and makes sample traffic on demand. The host starts every one it finds
/// (<see cref="PlatformSimulators"/>), so it names no platform.
/// </summary>
public interface IPlatformSimulator : IAsyncDisposable
{
    /// <summary>The platform's name (<c>square</c>).</summary>
    string Platform { get; }

    /// <summary>The simulator itself, for tests that drive it directly.</summary>
    object Simulator { get; }

    /// <summary>The connector's configuration keys and values that point it at this simulator (they replace configured ones: a sandbox never talks to a real shop).</summary>
    IReadOnlyDictionary<string, string?> ConnectorSettings { get; }

    /// <summary>Settings that suit a sandbox run (e.g. a short poll interval), applied only where nothing is configured.</summary>
    IReadOnlyDictionary<string, string?> ConnectorDefaults { get; }

    /// <summary>Makes one round of sample traffic (a sale, now and then returns) and delivers its webhooks.</summary>
    Task GenerateTrafficAsync(CancellationToken cancellationToken);
}
