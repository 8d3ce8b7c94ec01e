namespace Connector.Sandbox.Square;

/// <summary>The Square simulator in sandbox mode, with its traffic generator.</summary>
internal sealed class SquarePlatformSimulator : IPlatformSimulator
{
    private readonly SquareSimulator _square;
    private readonly SquareTraffic _traffic;

    private SquarePlatformSimulator(SquareSimulator square, string notificationUrl)
    {
        _square = square;
        _traffic = new SquareTraffic(square, seed: 7);
        ConnectorSettings = new Dictionary<string, string?>
        {
            ["Square:BaseUrl"] = square.BaseAddress.ToString(),
            ["Square:AccessToken"] = square.Options.AccessToken,
            ["Square:WebhookSignatureKey"] = square.Options.WebhookSignatureKey,
            ["Square:WebhookNotificationUrl"] = notificationUrl,
        };
    }

    public string Platform => "square";

    public object Simulator => _square;

    public IReadOnlyDictionary<string, string?> ConnectorSettings { get; }

    public IReadOnlyDictionary<string, string?> ConnectorDefaults { get; } = new Dictionary<string, string?> { ["Square:PollInterval"] = "00:00:30" };

    public static async Task<SquarePlatformSimulator> StartAsync(Uri connector, CancellationToken cancellationToken)
    {
        // Square signs the notification URL as registered; the simulator delivers to exactly that URL.
        var notificationUrl = new Uri(connector, "/webhooks/square").ToString();
        var square = await SquareSimulator.StartAsync(new SquareSimulatorOptions { WebhookNotificationUrl = notificationUrl }, cancellationToken);
        return new SquarePlatformSimulator(square, notificationUrl);
    }

    public Task GenerateTrafficAsync(CancellationToken cancellationToken) => _traffic.RunAsync(1, cancellationToken);

    public ValueTask DisposeAsync() => _square.DisposeAsync();
}
