using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Body of <c>POST /v2/orders/search</c>. When paging, the same query is sent again with <c>cursor</c>.</summary>
public sealed record SquareSearchOrdersRequest
{
    /// <summary>At most 10 ids, same merchant.</summary>
    [JsonPropertyName("location_ids")]
    public IReadOnlyList<string>? LocationIds { get; init; }

    [JsonPropertyName("query")]
    public SquareSearchOrdersQuery? Query { get; init; }

    /// <summary>Default 500, at most 1000.</summary>
    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    [JsonPropertyName("return_entries")]
    public bool? ReturnEntries { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }
}
