using System.Diagnostics.Metrics;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Webhook instruments on the meter <c>Connector.Platforms.Square</c>.</summary>
internal sealed class SquareWebhookMetrics : IDisposable
{
    public const string MeterName = "Connector.Platforms.Square";

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;

    public SquareWebhookMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _received = _meter.CreateCounter<long>("connector.square.webhooks.received", "{event}", "Verified deliveries, by outcome (stored, duplicate).");
        _rejected = _meter.CreateCounter<long>("connector.square.webhooks.rejected", "{delivery}", "Refused deliveries, by reason; invalid_signature usually means a wrong key or a rewritten notification URL.");
    }

    /// <summary>This instance's meter (each service provider has its own).</summary>
    public Meter Meter => _meter;

    public void Received(string outcome) => _received.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
