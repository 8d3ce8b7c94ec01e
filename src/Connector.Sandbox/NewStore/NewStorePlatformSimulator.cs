namespace Connector.Sandbox.NewStore;

/// <summary>
/// The NewStore simulator in sandbox mode, with its traffic generator. It registers the connector's permanent
/// integration itself (as <c>newstore register</c> would against a real tenant), so traffic flows from the first round.
/// </summary>
internal sealed class NewStorePlatformSimulator : IPlatformSimulator
{
    /// <summary>The id the connector's own integration gets in sandbox mode.</summary>
    public const string IntegrationId = "leat-connector";

    private const string EventStreamApiKey = "sandbox-newstore-event-stream-key";

    private readonly NewStoreSimulator _newStore;
    private readonly NewStoreTraffic _traffic;

    private NewStorePlatformSimulator(NewStoreSimulator newStore, string webhookUrl)
    {
        _newStore = newStore;
        _traffic = new NewStoreTraffic(newStore, seed: 11);
        var address = newStore.BaseAddress.ToString().TrimEnd('/');
        ConnectorSettings = new Dictionary<string, string?>
        {
            ["NewStore:Tenant"] = newStore.Options.Tenant,
            ["NewStore:BaseUrl"] = address,
            ["NewStore:IdentityUrl"] = address,
            ["NewStore:ClientId"] = newStore.Options.ClientId,
            ["NewStore:ClientSecret"] = newStore.Options.ClientSecret,
            ["NewStore:EventStreamApiKey"] = EventStreamApiKey,
            ["NewStore:WebhookUrl"] = webhookUrl,
        };
    }

    public string Platform => "newstore";

    public object Simulator => _newStore;

    public IReadOnlyDictionary<string, string?> ConnectorSettings { get; }

    public IReadOnlyDictionary<string, string?> ConnectorDefaults { get; } = new Dictionary<string, string?>();

    public static async Task<NewStorePlatformSimulator> StartAsync(Uri connector, CancellationToken cancellationToken)
    {
        var webhookUrl = new Uri(connector, "/webhooks/newstore").ToString();

        // Real-time delivery with NewStore's habits: some events twice, some late, shuffled, retried when refused.
        var newStore = await NewStoreSimulator.StartAsync(
            new NewStoreSimulatorOptions
            {
                AutoDeliver = true,
                DuplicateRate = 0.2,
                LateRate = 0.2,
                MaxLateDelay = TimeSpan.FromSeconds(8),
                ShuffleEvents = true,
                RetryDelay = TimeSpan.FromSeconds(15),
                GraphQlLag = TimeSpan.FromSeconds(3),
                Seed = 11,
            },
            cancellationToken);
        try
        {
            newStore.RegisterIntegration(IntegrationId, webhookUrl, EventStreamApiKey);
        }
        catch
        {
            await newStore.DisposeAsync();
            throw;
        }

        return new NewStorePlatformSimulator(newStore, webhookUrl);
    }

    public Task GenerateTrafficAsync(CancellationToken cancellationToken) => _traffic.RunAsync(1, cancellationToken);

    public ValueTask DisposeAsync() => _newStore.DisposeAsync();
}
