namespace Connector.Sandbox.NewStore;

/// <summary>How <see cref="NewStoreTraffic"/> behaves.</summary>
public sealed class NewStoreTrafficOptions
{
    /// <summary>Send what is due after each round (late deliveries and retries stay owed to the next flush or the background sender).</summary>
    public bool DeliverEvents { get; init; } = true;

    /// <summary>Share of orders (0–1) whose <c>order.opened</c> is published twice (a duplicate publication, not only a duplicate delivery).</summary>
    public double RepublishRate { get; init; } = 0.15;
}
