namespace Connector.Platforms.CommerceLayer.Model;

/// <summary>A refund transaction (<c>type: refunds</c>) of an order's capture.</summary>
public sealed record CommerceLayerRefund
{
    public required string Id { get; init; }

    /// <summary>The transaction number, e.g. <c>42/T/001</c>.</summary>
    public string? Number { get; init; }

    public string? CurrencyCode { get; init; }

    public long AmountCents { get; init; }

    public bool Succeeded { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The <c>order</c> relationship's id.</summary>
    public string? OrderId { get; init; }

    /// <summary>The <c>return</c> relationship's id: null for a refund made without a return.</summary>
    public string? ReturnId { get; init; }
}
