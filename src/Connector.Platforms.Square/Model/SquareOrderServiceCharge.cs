using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A service charge (<c>OrderServiceCharge</c>).</summary>
public sealed record SquareOrderServiceCharge
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>One of <see cref="SquareServiceChargeType"/>.</summary>
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

    /// <summary>One of <see cref="SquareServiceChargeCalculationPhase"/>.</summary>
    [JsonPropertyName("calculation_phase")]
    public string? CalculationPhase { get; init; }

    [JsonPropertyName("taxable")]
    public bool? Taxable { get; init; }

    /// <summary>One of <see cref="SquareServiceChargeTreatmentType"/>.</summary>
    [JsonPropertyName("treatment_type")]
    public string? TreatmentType { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("applied_taxes")]
    public IReadOnlyList<SquareOrderLineItemAppliedTax>? AppliedTaxes { get; init; }
}
