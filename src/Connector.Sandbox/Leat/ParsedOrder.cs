namespace Connector.Sandbox.Leat;

/// <summary>A (sub) line item of a validated order payload.</summary>
internal sealed record ParsedPart(string? ExternalIdentifier, decimal Quantity, long TotalAmount, long DiscountAmount, string? ParentExternalIdentifier);

/// <summary>An applied discount of a validated order payload.</summary>
internal sealed record ParsedDiscount(string? ExternalIdentifier, long Amount, string AppliedTo);

/// <summary>A charge of a validated order payload.</summary>
internal sealed record ParsedCharge(string? ExternalIdentifier, long TotalAmount);

/// <summary>The parts of an order payload the fake computes with; the stored JSON keeps everything else.</summary>
internal sealed record ParsedOrder(
    string ExternalIdentifier,
    string Status,
    string PaymentStatus,
    string? ContactUuid,
    string BusinessProfileUuid,
    string Currency,
    List<ParsedPart> Lines,
    List<ParsedPart> SubLines,
    List<ParsedDiscount> Discounts,
    List<ParsedCharge> Charges)
{
    /// <summary>
    /// What points are computed from: line totals + sub line totals − ORDER-level discounts. Charges (shipping, tips, tax)
    /// earn nothing, and line-level discounts are already inside the line totals. Never negative.
    /// </summary>
    public long PointsBasis
    {
        get
        {
            var basis = Lines.Sum(l => l.TotalAmount) + SubLines.Sum(l => l.TotalAmount)
                - Discounts.Where(d => d.AppliedTo == "ORDER").Sum(d => d.Amount);
            return Math.Max(0, basis);
        }
    }
}
