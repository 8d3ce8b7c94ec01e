using System.Net;
using System.Net.Sockets;
using Connector.Sandbox;
using Connector.Sandbox.Leat;
using Connector.Sandbox.Square;

namespace Connector.Host.Hosting;

/// <summary>
/// Sandbox mode, for a first run with no accounts: when no Leat token is configured (or <c>--sandbox</c> is
/// given) the Leat fake and the Square simulator are started on loopback and the connector is pointed at them;
/// the simulator signs and delivers its webhooks to the connector's own <c>/webhooks/square</c>. When no
/// connection string is configured a throwaway local PostgreSQL is started. Real settings always win over
/// sandbox ones, except that sandbox mode replaces the Square settings (a sandbox must never poll a real shop).
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    private LocalPostgres? _postgres;

    public LeatFake? LeatFake { get; private set; }

    public SquareSimulator? Square { get; private set; }

    public bool IsSandbox => LeatFake is not null;

    public bool UsesThrowawayDatabase => _postgres is not null;

    /// <summary>Starts what is missing and overlays its settings on <paramref name="configuration"/>.</summary>
    public static async Task<SandboxEnvironment> StartAsync(ConfigurationManager configuration, bool forceSandbox, CancellationToken cancellationToken)
    {
        var sandbox = new SandboxEnvironment();
        var overrides = new Dictionary<string, string?>();
        if (forceSandbox || string.IsNullOrWhiteSpace(configuration["Leat:ApiToken"]))
        {
            sandbox.LeatFake = await LeatFake.StartAsync(new LeatFakeOptions(), cancellationToken);
            overrides["Leat:BaseUrl"] = sandbox.LeatFake.BaseAddress.ToString();
            overrides["Leat:ApiToken"] = sandbox.LeatFake.ApiToken;
            overrides["Leat:SandboxMode"] = "true";

            // The simulator must know where to deliver webhooks before the connector listens: fix the port now.
            var listen = ConcreteListenAddress(configuration["urls"]);
            overrides["urls"] = listen.ToString().TrimEnd('/');
            var notificationUrl = new Uri(new Uri($"{listen.Scheme}://127.0.0.1:{listen.Port}"), "/webhooks/square").ToString();
            sandbox.Square = await SquareSimulator.StartAsync(new SquareSimulatorOptions { WebhookNotificationUrl = notificationUrl }, cancellationToken);
            overrides["Square:BaseUrl"] = sandbox.Square.BaseAddress.ToString();
            overrides["Square:AccessToken"] = sandbox.Square.Options.AccessToken;
            overrides["Square:WebhookSignatureKey"] = sandbox.Square.Options.WebhookSignatureKey;
            overrides["Square:WebhookNotificationUrl"] = notificationUrl;
            overrides["Square:PollInterval"] = "00:00:30";
        }

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Connector")))
        {
            sandbox._postgres = await Task.Run(() => LocalPostgres.Start(), cancellationToken);
            overrides["ConnectionStrings:Connector"] = sandbox._postgres.ConnectionString();
        }

        configuration.AddInMemoryCollection(overrides);
        return sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        if (Square is not null)
        {
            await Square.DisposeAsync();
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
