using Connector.Sandbox;
using Connector.Sandbox.Leat;

namespace Connector.Host.Hosting;

/// <summary>
/// Sandbox mode, for a first run with no accounts: when no Leat token is configured (or <c>--sandbox</c> is
/// given) the Leat fake is started on loopback and the connector is pointed at it; when no connection string
/// is configured a throwaway local PostgreSQL is started. Real settings always win over sandbox ones.
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    private LocalPostgres? _postgres;

    public LeatFake? LeatFake { get; private set; }

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
            overrides["Leat:ApiToken"] = new LeatFakeOptions().ApiToken;
            overrides["Leat:SandboxMode"] = "true";
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
        if (LeatFake is not null)
        {
            await LeatFake.DisposeAsync();
        }

        _postgres?.Dispose();
    }
}
