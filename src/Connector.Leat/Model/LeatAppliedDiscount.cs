using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>
/// A discount on the order. <see cref="AppliedTo"/> = <see cref="LeatAppliedTo.Order"/> reduces the order total;
/// <see cref="LeatAppliedTo.OrderLines"/> is already reflected in the linked lines' and charges' discount amounts.
/// </summary>
public sealed record LeatAppliedDiscount
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("amount")]
    public required long Amount { get; init; }

    /// <summary>One of <see cref="LeatDiscountType"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>The percentage or absolute value as configured; informational only.</summary>
    [JsonPropertyName("value")]
    public decimal? Value { get; init; }

    /// <summary>One of <see cref="LeatAppliedTo"/>.</summary>
    [JsonPropertyName("applied_to")]
    public required string AppliedTo { get; init; }

    [JsonPropertyName("line_items")]
    public IReadOnlyList<LeatExternalRef>? LineItems { get; init; }

    [JsonPropertyName("sub_line_items")]
    public IReadOnlyList<LeatExternalRef>? SubLineItems { get; init; }

    [JsonPropertyName("charges")]
    public IReadOnlyList<LeatExternalRef>? Charges { get; init; }

    /// <summary>The Leat offer redemption behind this discount, see <see cref="LeatOfferType"/>.</summary>
    [JsonPropertyName("offer")]
    public LeatTypedRef? Offer { get; init; }
}
