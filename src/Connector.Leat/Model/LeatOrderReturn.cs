using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>An order return as Leat returns it; only the uuid is required on read.</summary>
public sealed record LeatOrderReturn
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("order")]
    public LeatUuidRef? Order { get; init; }

    [JsonPropertyName("line_item_returns")]
    public IReadOnlyList<LeatLineItemReturn>? LineItemReturns { get; init; }

    [JsonPropertyName("sub_line_item_returns")]
    public IReadOnlyList<LeatSubLineItemReturn>? SubLineItemReturns { get; init; }
}
