namespace Connector.Sandbox.Square;

/// <summary>Configuration of a <see cref="SquareSimulator"/>.</summary>
public sealed class SquareSimulatorOptions
{
    /// <summary>The two locations every simulator has unless <see cref="Locations"/> is replaced; fixed ids so mappings can name them.</summary>
    public static IReadOnlyList<SquareLocation> DefaultLocations { get; } =
    [
        new("LSANDBOX1", "Sandbox Store Amsterdam"),
        new("LSANDBOX2", "Sandbox Web Shop"),
    ];

    /// <summary>The access token the simulator accepts as <c>Authorization: Bearer</c>.</summary>
    public string AccessToken { get; init; } = "sandbox-square-token";

    /// <summary>The API version echoed in <c>Square-Version</c> when a request does not pin one (any well-formed version is accepted).</summary>
    public string SquareVersion { get; init; } = "2025-08-20";

    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The seller's merchant id, carried by every webhook event.</summary>
    public string MerchantId { get; init; } = "MLSANDBOX0001";

    /// <summary>Locations the seller has; the first is the default for sales.</summary>
    public IReadOnlyList<SquareLocation> Locations { get; init; } = DefaultLocations;

    /// <summary>The subscription's signature key (used verbatim as the HMAC key, as Square does).</summary>
    public string WebhookSignatureKey { get; init; } = "sandbox-signature-key";

    /// <summary>
    /// The notification URL the connector registered. Webhooks are POSTed to it and signed with exactly this string, so a
    /// receiver that rebuilds the URL from the request fails just as it would against Square. Null: no webhooks.
    /// </summary>
    public string? WebhookNotificationUrl { get; init; }

    /// <summary>Queue <c>order.created</c>/<c>order.updated</c> on sales and <c>refund.created</c>/<c>refund.updated</c> on refunds.</summary>
    public bool AutoWebhooks { get; init; }

    /// <summary>
    /// Events a sale raises when <see cref="AutoWebhooks"/> is on, in this order. Default: <c>order.created</c> (OPEN, v1)
    /// and <c>order.updated</c> (COMPLETED, v2). POS sales send no <c>order.created</c>: use
    /// <c>["payment.created", "payment.updated", "order.updated"]</c> to model them.
    /// </summary>
    public IReadOnlyList<string> SaleWebhookTypes { get; init; } = ["order.created", "order.updated"];

    /// <summary>Deliver queued webhooks in the background as soon as they are queued; otherwise only <see cref="SquareSimulator.FlushWebhooksAsync"/> sends them.</summary>
    public bool AutoDeliver { get; init; }

    /// <summary>Extra deliveries of every queued event with the same <c>event_id</c> (Square is at-least-once).</summary>
    public int WebhookDuplicates { get; init; }

    /// <summary>Deliver each flushed batch in a shuffled order (Square guarantees no order).</summary>
    public bool ShuffleWebhooks { get; init; }

    /// <summary>Seed of the shuffle, so an out-of-order run can be replayed.</summary>
    public int WebhookSeed { get; init; } = 1;

    /// <summary>How many requests <see cref="SquareSimulator.Requests"/> keeps; the oldest go first.</summary>
    public int MaxRecordedRequests { get; init; } = 10_000;

    /// <summary>Clock for <c>created_at</c>/<c>updated_at</c>, event times and recordings.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
