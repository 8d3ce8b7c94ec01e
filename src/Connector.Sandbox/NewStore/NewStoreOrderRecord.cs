using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>An order the simulator holds: its fixed money fields and the live state of its units.</summary>
internal sealed class NewStoreOrderRecord
{
    public required string Id { get; init; }

    public required string ExternalId { get; init; }

    public required NewStoreOrderSpec Spec { get; init; }

    public required List<NewStoreUnit> Units { get; init; }

    public required long Subtotal { get; init; }

    public required long DiscountTotal { get; init; }

    public required long ShippingTax { get; init; }

    public required long TaxTotal { get; init; }

    public required long GrandTotal { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string? CustomerId { get; init; }

    /// <summary>The <c>order.opened</c> payload as first built.</summary>
    public required JsonObject Payload { get; init; }

    /// <summary>When <c>order.opened</c> was first published; GraphQL sees the order only a lag later.</summary>
    public DateTimeOffset? FirstPublishedAt { get; set; }

    public bool ShippingRefunded { get; set; }

    public bool IsCancelled { get; set; }

    public long Cancelled { get; set; }

    public long Appeased { get; set; }

    public long Refunded { get; set; }

    public string Currency => Spec.Currency;

    /// <summary>Shipping money the customer paid (shipping tax is added on top only for <c>tax_excluded</c>).</summary>
    public long ShippingPaid => Spec.PriceMethod == NewStoreOrderSpec.TaxIncluded ? Spec.Shipping : Spec.Shipping + ShippingTax;
}
