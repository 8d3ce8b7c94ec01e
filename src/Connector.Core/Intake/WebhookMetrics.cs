using System.Diagnostics.Metrics;

namespace Connector.Core.Intake;

/// <summary>Webhook instruments on the meter <c>Connector.Intake</c>, tagged by platform.</summary>
public sealed class WebhookMetrics : IDisposable
{
    public const string MeterName = "Connector.Intake";

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;

    public WebhookMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _received = _meter.CreateCounter<long>("connector.webhooks.received", "{event}", "Verified deliveries, by platform and outcome (stored, duplicate).");
        _rejected = _meter.CreateCounter<long>("connector.webhooks.rejected", "{delivery}", "Refused deliveries, by platform and reason; invalid signature usually means a wrong key or a rewritten URL.");
    }

    /// <summary>This instance's meter (each service provider has its own).</summary>
    public Meter Meter => _meter;

    public void Received(string platform, string outcome) =>
        _received.Add(1, new KeyValuePair<string, object?>("platform", platform), new KeyValuePair<string, object?>("outcome", outcome));

    public void Rejected(string platform, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("platform", platform), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
