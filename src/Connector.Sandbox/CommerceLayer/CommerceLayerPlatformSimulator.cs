namespace Connector.Sandbox.CommerceLayer;

/// <summary>
/// The Commerce Layer simulator in sandbox mode. It pre-registers the connector's webhooks (orders, returns and refunds topics)
/// for <c>/webhooks/commercelayer</c> with a known shared secret, which the connector gets as its
/// <c>CommerceLayer:WebhookSharedSecret</c>.
/// </summary>
internal sealed class CommerceLayerPlatformSimulator : IPlatformSimulator
{
    public const string SharedSecret = "sandbox-commercelayer-webhook-secret";

    private static readonly string[] Topics = ["orders.place", "orders.approve", "orders.stop_editing", "orders.cancel", "returns.receive", "refunds.succeeded"];

    private readonly CommerceLayerSimulator _simulator;
    private readonly CommerceLayerTraffic _traffic;

    private CommerceLayerPlatformSimulator(CommerceLayerSimulator simulator, string webhookUrl)
    {
        _simulator = simulator;
        _traffic = new CommerceLayerTraffic(simulator, seed: 13);
        var address = simulator.BaseAddress.ToString().TrimEnd('/');
        ConnectorSettings = new Dictionary<string, string?>
        {
            ["CommerceLayer:ClientId"] = simulator.Options.ClientId,
            ["CommerceLayer:ClientSecret"] = simulator.Options.ClientSecret,
            ["CommerceLayer:BaseUrl"] = address,
            ["CommerceLayer:AuthUrl"] = address,
            ["CommerceLayer:OrganizationSlug"] = simulator.Options.OrganizationSlug,
            ["CommerceLayer:WebhookSharedSecret"] = SharedSecret,
            ["CommerceLayer:WebhookUrl"] = webhookUrl,
        };
    }

    public string Platform => "commercelayer";

    public object Simulator => _simulator;

    public IReadOnlyDictionary<string, string?> ConnectorSettings { get; }

    public IReadOnlyDictionary<string, string?> ConnectorDefaults { get; } = new Dictionary<string, string?>();

    public static async Task<CommerceLayerPlatformSimulator> StartAsync(Uri connector, CancellationToken cancellationToken)
    {
        var webhookUrl = new Uri(connector, "/webhooks/commercelayer").ToString();
        var simulator = await CommerceLayerSimulator.StartAsync(
            new CommerceLayerSimulatorOptions { DuplicateRate = 0.2, LateRate = 0.2, ShuffleDeliveries = true, Seed = 13 },
            cancellationToken);
        foreach (var topic in Topics)
        {
            simulator.RegisterWebhook(topic, webhookUrl, "order", SharedSecret);
        }

        return new CommerceLayerPlatformSimulator(simulator, webhookUrl);
    }

    public async Task GenerateTrafficAsync(CancellationToken cancellationToken)
    {
        _traffic.Step();
        await _simulator.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();
}
