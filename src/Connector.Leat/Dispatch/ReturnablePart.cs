namespace Connector.Leat.Dispatch;

/// <summary>One part of a sold order (line, sub line, charge or discount): what was sold and what has come back.</summary>
internal sealed record ReturnablePart(
    string Part,
    string ExternalId,
    decimal SoldQuantity,
    long SoldAmount,
    long SoldDiscount,
    decimal ReturnedQuantity,
    long ReturnedAmount,
    long ReturnedDiscount)
{
    public const string Line = "line";
    public const string SubLine = "sub_line";
    public const string Charge = "charge";
    public const string Discount = "discount";
}
