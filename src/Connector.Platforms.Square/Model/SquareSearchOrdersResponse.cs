using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Answer of <c>POST /v2/orders/search</c>; <c>cursor</c> is absent on the last page.</summary>
public sealed record SquareSearchOrdersResponse
{
    [JsonPropertyName("orders")]
    public IReadOnlyList<SquareOrder>? Orders { get; init; }

    [JsonPropertyName("order_entries")]
    public IReadOnlyList<SquareOrderEntry>? OrderEntries { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
