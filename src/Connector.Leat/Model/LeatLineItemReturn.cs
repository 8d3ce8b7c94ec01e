using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>One returned line in Leat's answer, pointing at the order line by Leat uuid.</summary>
public sealed record LeatLineItemReturn
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("quantity")]
    public decimal? Quantity { get; init; }

    [JsonPropertyName("line_item")]
    public LeatUuidRef? LineItem { get; init; }
}
