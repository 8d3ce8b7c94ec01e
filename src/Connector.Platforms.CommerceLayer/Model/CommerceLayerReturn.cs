namespace Connector.Platforms.CommerceLayer.Model;

/// <summary>
/// A return (<c>type: returns</c>) with its included <c>return_line_items</c>. It has no currency: take it from the
/// order. Status goes <c>draft → requested → approved → shipped → received → refunded</c>, or ends <c>cancelled</c>
/// or <c>rejected</c>.
/// </summary>
public sealed record CommerceLayerReturn
{
    public required string Id { get; init; }

    public string? Number { get; init; }

    /// <summary>See <see cref="CommerceLayerStatuses"/>.</summary>
    public string? Status { get; init; }

    public string? CustomerEmail { get; init; }

    /// <summary>The <c>order</c> relationship's id (known when the relationship carries data, even if the order was not included).</summary>
    public string? OrderId { get; init; }

    /// <summary>The included order, when the document included it (a return fetched on its own).</summary>
    public CommerceLayerOrder? Order { get; init; }

    /// <summary>"A gentle guess" of the refund; information only.</summary>
    public long? EstimatedRefundAmountCents { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public DateTimeOffset? ShippedAt { get; init; }

    public DateTimeOffset? RejectedAt { get; init; }

    public DateTimeOffset? ReceivedAt { get; init; }

    public DateTimeOffset? RefundedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The <c>reference_refund</c> relationship's id: the refund <c>_refund</c> created, if any.</summary>
    public string? ReferenceRefundId { get; init; }

    public IReadOnlyList<CommerceLayerReturnLineItem> ReturnLineItems { get; init; } = [];
}

/// <summary>A returned line (<c>type: return_line_items</c>), linked to the sold line by its <c>line_item</c> relationship.</summary>
public sealed record CommerceLayerReturnLineItem
{
    public required string Id { get; init; }

    /// <summary>The id of the order's line item this returns (there is no line-item code attribute).</summary>
    public string? LineItemId { get; init; }

    public string? SkuCode { get; init; }

    public string? BundleCode { get; init; }

    public string? Name { get; init; }

    public int Quantity { get; init; }

    /// <summary>Unit amount × returned quantity with the applied discounts.</summary>
    public long TotalAmountCents { get; init; }

    public DateTimeOffset? RestockedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}
