namespace Connector.Sandbox.Leat;

/// <summary>A returned (sub) line item; <see cref="ParentExternalIdentifier"/> is set when nested under a returned line.</summary>
internal sealed record ParsedReturnPart(
    string Key,
    string ExternalIdentifier,
    decimal Quantity,
    long? TotalAmount,
    long? DiscountAmount,
    string? Reason,
    string? ParentExternalIdentifier);

/// <summary>A returned applied discount (<c>amount</c>) or charge (<c>total_amount</c>).</summary>
internal sealed record ParsedReturnAmount(string Key, string AmountKey, string ExternalIdentifier, long Amount);

/// <summary>The structurally valid parts of an order-return payload.</summary>
internal sealed record ParsedReturn(
    string ExternalIdentifier,
    string Status,
    string? OrderUuid,
    string? OrderExternalIdentifier,
    List<ParsedReturnPart> Lines,
    List<ParsedReturnPart> SubLines,
    List<ParsedReturnAmount> Discounts,
    List<ParsedReturnAmount> Charges);
