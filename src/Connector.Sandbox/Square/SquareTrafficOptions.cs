namespace Connector.Sandbox.Square;

/// <summary>How <see cref="SquareTraffic"/> mixes its cases and delivers their webhooks.</summary>
public sealed class SquareTrafficOptions
{
    /// <summary>Share of sales (0–1) that get one or more returns.</summary>
    public double ReturnRate { get; init; } = 0.5;

    /// <summary>Share of deliveries (0–1) that are repeated with the same <c>event_id</c>.</summary>
    public double DuplicateRate { get; init; } = 0.2;

    /// <summary>Most extra copies of a duplicated delivery.</summary>
    public int MaxDuplicates { get; init; } = 2;

    /// <summary>Share of deliveries (0–1) moved behind up to <see cref="OutOfOrderWindow"/> later ones.</summary>
    public double OutOfOrderRate { get; init; } = 0.2;

    /// <summary>How far an out-of-order delivery can be moved back.</summary>
    public int OutOfOrderWindow { get; init; } = 5;

    /// <summary>Events fired per sale (payment events use the sale's tender id); see <see cref="SquareSimulatorOptions.SaleWebhookTypes"/>.</summary>
    public IReadOnlyList<string> SaleWebhookTypes { get; init; } = ["order.created", "order.updated"];

    /// <summary>Deliver the webhooks to the simulator's notification URL; otherwise only plan them (see <see cref="SquareTrafficResult.Deliveries"/>).</summary>
    public bool DeliverWebhooks { get; init; } = true;
}
