using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>One <c>returns[]</c> entry of a return order (<c>OrderReturn</c>): everything returned from one sale. <c>source_order_id</c> is unset for unlinked returns (no receipt).</summary>
public sealed record SquareOrderReturn
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("source_order_id")]
    public string? SourceOrderId { get; init; }

    [JsonPropertyName("return_line_items")]
    public IReadOnlyList<SquareOrderReturnLineItem>? ReturnLineItems { get; init; }

    [JsonPropertyName("return_service_charges")]
    public IReadOnlyList<SquareOrderReturnServiceCharge>? ReturnServiceCharges { get; init; }

    [JsonPropertyName("return_taxes")]
    public IReadOnlyList<SquareOrderReturnTax>? ReturnTaxes { get; init; }

    [JsonPropertyName("return_discounts")]
    public IReadOnlyList<SquareOrderReturnDiscount>? ReturnDiscounts { get; init; }

    [JsonPropertyName("return_tips")]
    public IReadOnlyList<SquareOrderReturnTip>? ReturnTips { get; init; }

    [JsonPropertyName("rounding_adjustment")]
    public SquareOrderRoundingAdjustment? RoundingAdjustment { get; init; }

    [JsonPropertyName("return_amounts")]
    public SquareOrderMoneyAmounts? ReturnAmounts { get; init; }
}
