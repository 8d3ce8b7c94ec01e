namespace Connector.Sandbox.NewStore;

/// <summary>One order item (one unit) and what is left to refund on it.</summary>
internal sealed class NewStoreUnit
{
    public required string Id { get; init; }

    public required string ProductId { get; init; }

    public required int Position { get; init; }

    public required long ListPrice { get; init; }

    public required long ItemDiscount { get; init; }

    public required long OrderDiscount { get; init; }

    /// <summary>Tax on the unit: added for <c>tax_excluded</c>, contained for <c>tax_included</c>.</summary>
    public required long Tax { get; init; }

    /// <summary>What the customer paid for the unit.</summary>
    public required long Paid { get; init; }

    /// <summary>Paid less appeasements and refunds on this unit (reference 4.3 rule 1).</summary>
    public long Remaining { get; set; }

    /// <summary><c>opened</c>, <c>cancelled</c>, <c>returned</c>.</summary>
    public string Status { get; set; } = "opened";

    /// <summary>Tax part of <paramref name="amount"/> of this unit's money, in the unit's own tax proportion.</summary>
    public long TaxShare(long amount) => Paid == 0 ? 0 : NewStoreJson.Round((decimal)amount * Tax / Paid);
}
