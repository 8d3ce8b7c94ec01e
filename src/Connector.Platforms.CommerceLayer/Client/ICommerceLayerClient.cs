using Connector.Platforms.CommerceLayer.Model;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary>
/// The Commerce Layer calls the connector makes, over the Core API with an integration token. Reads are retried inside
/// on 408/429/5xx and lost connections (429 honouring <c>Retry-After</c>), paced under the documented rate limits; a
/// 401 refreshes the token once and retries once. What still fails surfaces as <see cref="CommerceLayerApiException"/>.
/// </summary>
public interface ICommerceLayerClient
{
    /// <summary>
    /// The includes <see cref="GetOrderAsync"/> asks for: everything one order's sync needs in one read (market, the
    /// customer, line items, returns with their lines and the sold lines they link to, refunds and the return each belongs to).
    /// </summary>
    public const string OrderIncludes = "market,customer,line_items,returns,returns.return_line_items,returns.return_line_items.line_item,refunds,refunds.return";

    /// <summary><c>GET /api/orders/{id}?include=…</c> (<see cref="OrderIncludes"/>); null when Commerce Layer answers 404.</summary>
    Task<CommerceLayerOrder?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/returns/{id}?include=order</c>; null when Commerce Layer answers 404.</summary>
    Task<CommerceLayerReturn?> GetReturnAsync(string returnId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/refunds/{id}?include=order,return</c>; null when Commerce Layer answers 404.</summary>
    Task<CommerceLayerRefund?> GetRefundAsync(string refundId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of <c>GET /api/orders?filter[q][updated_at_gteq]=…&amp;filter[q][updated_at_lteq]=…&amp;sort=updated_at,id&amp;page[size]=25&amp;page[number]=N</c>
    /// (no includes: a poll only needs ids and <c>updated_at</c>). <paramref name="pageNumber"/> starts at 1.
    /// </summary>
    Task<CommerceLayerPage<CommerceLayerOrder>> ListOrdersAsync(DateTimeOffset updatedFrom, DateTimeOffset? updatedTo, int pageNumber, CancellationToken cancellationToken = default);

    /// <summary>The same for <c>GET /api/returns</c>, with the <c>order</c> relationship's linkage (<c>include=order</c> is not needed for the id).</summary>
    Task<CommerceLayerPage<CommerceLayerReturn>> ListReturnsAsync(DateTimeOffset updatedFrom, DateTimeOffset? updatedTo, int pageNumber, CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/webhooks</c>, every page.</summary>
    Task<IReadOnlyList<CommerceLayerWebhook>> ListWebhooksAsync(CancellationToken cancellationToken = default);

    /// <summary><c>POST /api/webhooks</c> (a write: sent once, never retried); the answer carries the generated <c>shared_secret</c>.</summary>
    Task<CommerceLayerWebhook> CreateWebhookAsync(CommerceLayerWebhookCreate webhook, CancellationToken cancellationToken = default);
}

/// <summary>A webhook subscription (<c>type: webhooks</c>).</summary>
public sealed record CommerceLayerWebhook
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required string Topic { get; init; }

    public required string CallbackUrl { get; init; }

    public IReadOnlyList<string> IncludeResources { get; init; } = [];

    /// <summary>Returned on create; treat as secret (never logged).</summary>
    public string? SharedSecret { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary><c>closed</c> or <c>open</c> (deliveries stopped after 30 failures).</summary>
    public string? CircuitState { get; init; }
}

/// <summary>The attributes of a webhook to create.</summary>
public sealed record CommerceLayerWebhookCreate(string Name, string Topic, string CallbackUrl, IReadOnlyList<string> IncludeResources);
