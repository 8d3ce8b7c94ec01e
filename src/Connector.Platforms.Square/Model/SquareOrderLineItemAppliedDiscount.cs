using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A discount's share on one line (<c>OrderLineItemAppliedDiscount</c>); <c>discount_uid</c> points at <c>order.discounts[].uid</c> (on a return line: <c>return_discounts[].uid</c>).</summary>
public sealed record SquareOrderLineItemAppliedDiscount
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("discount_uid")]
    public string? DiscountUid { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }
}
