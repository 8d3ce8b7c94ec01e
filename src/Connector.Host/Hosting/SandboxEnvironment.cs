using System.Net;
using System.Net.Sockets;
using Connector.Sandbox;
using Connector.Sandbox.Leat;

namespace Connector.Host.Hosting;

/// <summary>
/// Sandbox mode, for a first run with no accounts. It starts only when asked (<c>--sandbox</c>) or when neither a
/// Leat token nor a connection string is configured: then the Leat fake, every platform's simulator and a throwaway
/// local PostgreSQL are started on loopback and the connector is pointed at them. A connection string without a Leat
/// token stops the service instead — simulated traffic must never reach a real ledger. In sandbox mode the
/// simulators' settings replace the platforms' own (a sandbox must never poll a real shop).
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    private LocalPostgres? _postgres;

    public LeatFake? LeatFake { get; private set; }

    public IReadOnlyList<IPlatformSimulator> Simulators { get; private set; } = [];

    public bool IsSandbox => LeatFake is not null;

    public bool UsesThrowawayDatabase => _postgres is not null;

    /// <summary>The simulator of type <typeparamref name="T"/> (tests drive simulators directly).</summary>
    public T Simulator<T>() where T : class => Simulators.Select(s => s.Simulator).OfType<T>().Single();

    /// <summary>Starts what sandbox mode needs, if it applies, and overlays its settings on <paramref name="configuration"/>.</summary>
    /// <exception cref="ConnectorConfigurationException">A connection string is configured without a Leat token (and no <c>--sandbox</c>).</exception>
    public static async Task<SandboxEnvironment> StartAsync(ConfigurationManager configuration, bool forceSandbox, CancellationToken cancellationToken)
    {
        var sandbox = new SandboxEnvironment();
        var hasToken = !string.IsNullOrWhiteSpace(configuration["Leat:ApiToken"]);
        var hasDatabase = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Connector"));
        if (!forceSandbox && (hasToken || hasDatabase))
        {
            return hasToken
                ? sandbox
                : throw new ConnectorConfigurationException(
                    "Leat:ApiToken is not set (environment variable Leat__ApiToken), but ConnectionStrings:Connector is: the connector " +
                    "will not run its sandbox traffic against a configured database. Set the token, or pass --sandbox to simulate on purpose.");
        }

        var overrides = new Dictionary<string, string?>();
        try
        {
            sandbox.LeatFake = await LeatFake.StartAsync(new LeatFakeOptions(), cancellationToken);
            overrides["Leat:BaseUrl"] = sandbox.LeatFake.BaseAddress.ToString();
            overrides["Leat:ApiToken"] = sandbox.LeatFake.ApiToken;
            overrides["Leat:SandboxMode"] = "true";

            // The simulators must know where to deliver webhooks before the connector listens: fix the port now.
            var listen = ConcreteListenAddress(configuration["urls"]);
            overrides["urls"] = listen.ToString().TrimEnd('/');
            sandbox.Simulators = await PlatformSimulators.StartAllAsync(new Uri($"{listen.Scheme}://127.0.0.1:{listen.Port}"), cancellationToken);
            foreach (var setting in sandbox.Simulators.SelectMany(s => s.ConnectorSettings))
            {
                overrides[setting.Key] = setting.Value;
            }

            foreach (var setting in sandbox.Simulators.SelectMany(s => s.ConnectorDefaults).Where(d => configuration[d.Key] is null))
            {
                overrides[setting.Key] = setting.Value;
            }

            if (!hasDatabase)
            {
                sandbox._postgres = await Task.Run(() => LocalPostgres.Start(), cancellationToken);
                overrides["ConnectionStrings:Connector"] = sandbox._postgres.ConnectionString();
            }
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }

        configuration.AddInMemoryCollection(overrides);
        return sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in Simulators)
        {
            await simulator.DisposeAsync();
        }

        if (LeatFake is not null)
        {
            await LeatFake.DisposeAsync();
        }

        _postgres?.Dispose();
    }

    /// <summary>The first configured listen address with a concrete port (port 0 replaced by a free one).</summary>
    private static Uri ConcreteListenAddress(string? urls)
    {
        var first = (urls ?? "http://127.0.0.1:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        // Kestrel's wildcards (*, +) are not valid URI hosts.
        var address = new Uri(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (address.Port != 0)
        {
            return address;
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return new UriBuilder(address) { Port = ((IPEndPoint)probe.LocalEndpoint).Port }.Uri;
    }
}
