using Connector.Leat.Money;

namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>One Leat line of a sale: a product (or, by rule, a gift card bought), its options folded into the unit price.</summary>
internal sealed record CommerceLayerLinePlan(string Id, string Name, int Quantity, long Price, long Discount, string ProductCode)
{
    public long Total => MinorUnits.Extend(Price, Quantity) - Discount;
}

/// <summary>A Leat ORDER_LINES discount: one promotion (or negative adjustment) and what it took off each line and charge.</summary>
internal sealed record CommerceLayerDiscountPlan(string Id, string Name, long Amount, IReadOnlyList<string> Lines, IReadOnlyList<string> Charges);

/// <summary>A Leat charge: shipping, a payment fee, a positive adjustment, or the tax of a tax-excluded order.</summary>
internal sealed record CommerceLayerChargePlan(string Id, string Name, long Amount, long Discount, string? Definition)
{
    public long Total => Amount - Discount;
}

/// <summary>A Leat sale before AutoMapper lays it out.</summary>
internal sealed record CommerceLayerSalePlan(
    string ShopUuid,
    Currency Currency,
    IReadOnlyList<CommerceLayerLinePlan> Lines,
    IReadOnlyList<CommerceLayerDiscountPlan> Discounts,
    IReadOnlyList<CommerceLayerChargePlan> Charges)
{
    public long OrderAmount => Lines.Sum(l => l.Total);

    public long TotalOrderAmount => OrderAmount + Charges.Sum(c => c.Total);

    public long TotalDiscountAmount => Discounts.Sum(d => d.Amount);

    public CommerceLayerLinePlan Line(string id) => Lines.First(l => l.Id == id);
}

/// <summary>A returned (part of a) sale line.</summary>
internal sealed record CommerceLayerReturnLinePlan(string ExternalIdentifier, decimal Quantity, long TotalAmount, string? Reason);

/// <summary>The returned part of a sale charge.</summary>
internal sealed record CommerceLayerReturnChargePlan(string ExternalIdentifier, long TotalAmount);

/// <summary>A Leat order return before AutoMapper lays it out: what comes back of sale <see cref="OrderId"/>.</summary>
internal sealed record CommerceLayerReturnPlan(string ExternalIdentifier, string OrderId, IReadOnlyList<CommerceLayerReturnLinePlan> Lines, IReadOnlyList<CommerceLayerReturnChargePlan> Charges)
{
    public bool IsEmpty => Lines.Count == 0 && Charges.Count == 0;
}
