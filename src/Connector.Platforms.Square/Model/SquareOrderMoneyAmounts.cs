using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Money roll-up (<c>OrderMoneyAmounts</c>) used by <c>return_amounts</c> and <c>net_amounts</c>.</summary>
public sealed record SquareOrderMoneyAmounts
{
    [JsonPropertyName("total_money")]
    public SquareMoney? TotalMoney { get; init; }

    [JsonPropertyName("tax_money")]
    public SquareMoney? TaxMoney { get; init; }

    [JsonPropertyName("discount_money")]
    public SquareMoney? DiscountMoney { get; init; }

    [JsonPropertyName("tip_money")]
    public SquareMoney? TipMoney { get; init; }

    [JsonPropertyName("service_charge_money")]
    public SquareMoney? ServiceChargeMoney { get; init; }
}
