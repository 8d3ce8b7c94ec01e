namespace Connector.Platforms.Square.Mapping;

/// <summary>The computed money of one (sub) line: what the profiles copy into the Leat line.</summary>
internal sealed record LinePlan(string ExternalId, decimal Quantity, long Price, long Discount, long Total);

/// <summary>The computed money and identity of one applied discount.</summary>
internal sealed record DiscountPlan(
    string ExternalId, string Name, long Amount, string? Type, decimal? Value, string AppliedTo, IReadOnlyList<string> Lines, IReadOnlyList<string> SubLines);

/// <summary>The computed money and identity of one charge (service charge, tax or tip).</summary>
internal sealed record ChargePlan(string ExternalId, string Name, long Amount, string Definition);
