using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A cost applied after the lines (shipping, service charge, gratuity, …).</summary>
public sealed record LeatCharge
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Before discounts; when present, <see cref="TotalAmount"/> must equal amount − discount.</summary>
    [JsonPropertyName("amount")]
    public long? Amount { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    [JsonPropertyName("total_amount")]
    public required long TotalAmount { get; init; }

    /// <summary>See <see cref="LeatChargeDefinitions"/> for the defaults every account has.</summary>
    [JsonPropertyName("charge_definition")]
    public LeatExternalRef? ChargeDefinition { get; init; }
}
