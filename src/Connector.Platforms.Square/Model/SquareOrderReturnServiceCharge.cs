using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A returned service charge (<c>OrderReturnServiceCharge</c>); <c>source_service_charge_uid</c> is null for unlinked returns.</summary>
public sealed record SquareOrderReturnServiceCharge
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("source_service_charge_uid")]
    public string? SourceServiceChargeUid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("percentage")]
    public string? Percentage { get; init; }

    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }

    [JsonPropertyName("total_money")]
    public SquareMoney? TotalMoney { get; init; }

    [JsonPropertyName("total_tax_money")]
    public SquareMoney? TotalTaxMoney { get; init; }

    [JsonPropertyName("calculation_phase")]
    public string? CalculationPhase { get; init; }

    [JsonPropertyName("taxable")]
    public bool? Taxable { get; init; }

    [JsonPropertyName("treatment_type")]
    public string? TreatmentType { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("applied_taxes")]
    public IReadOnlyList<SquareOrderLineItemAppliedTax>? AppliedTaxes { get; init; }
}
