using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>One returned sub line in Leat's answer, pointing at the sub line item by Leat uuid.</summary>
public sealed record LeatSubLineItemReturn
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("quantity")]
    public decimal? Quantity { get; init; }

    [JsonPropertyName("sub_line_item")]
    public LeatUuidRef? SubLineItem { get; init; }
}
