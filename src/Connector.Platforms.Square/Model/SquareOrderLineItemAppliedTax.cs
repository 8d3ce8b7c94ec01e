using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A tax's share on one line (<c>OrderLineItemAppliedTax</c>); <c>tax_uid</c> points at <c>order.taxes[].uid</c> (on a return line: <c>return_taxes[].uid</c>).</summary>
public sealed record SquareOrderLineItemAppliedTax
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("tax_uid")]
    public string? TaxUid { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }
}
