namespace Connector.Sandbox.Square;

/// <summary>
/// A return, refund or exchange. Square never changes the sale: this becomes a separate return order whose
/// <c>returns[]</c> entry points at the sale, plus a PaymentRefund whose <c>order_id</c> is the return order.
/// </summary>
public sealed record ReturnSpec
{
    /// <summary>The sale; null makes an unlinked return (no receipt), whose lines must carry name and price.</summary>
    public string? SourceOrderId { get; init; }

    /// <summary>Itemized return lines.</summary>
    public IReadOnlyList<ReturnLineSpec> Lines { get; init; } = [];

    /// <summary>Amount-only refund as a <c>CUSTOM_AMOUNT</c> return line, in minor units.</summary>
    public long? CustomAmount { get; init; }

    /// <summary>Amount-only refund as <c>return_amounts</c> without any return line, in minor units.</summary>
    public long? AmountWithoutLines { get; init; }

    /// <summary>Tip returned, in minor units (capped at what remains of the sale's tip).</summary>
    public long Tip { get; init; }

    /// <summary>Uids of the sale's non-apportioned service charges returned in full.</summary>
    public IReadOnlyList<string> ServiceChargeUids { get; init; } = [];

    /// <summary>New lines sold in the same return order (an exchange).</summary>
    public IReadOnlyList<SaleLineSpec> ExchangeLines { get; init; } = [];

    /// <summary>The refund starts PENDING (complete it with <see cref="SquareSimulator.CompleteRefund"/>); otherwise COMPLETED at once.</summary>
    public bool RefundPending { get; init; }

    /// <summary>Refund reason.</summary>
    public string Reason { get; init; } = "Returned goods";

    /// <summary>Location; null = the sale's location (or the first configured one when unlinked).</summary>
    public string? LocationId { get; init; }

    /// <summary>Currency of an unlinked return; linked returns use the sale's.</summary>
    public string Currency { get; init; } = "USD";
}
