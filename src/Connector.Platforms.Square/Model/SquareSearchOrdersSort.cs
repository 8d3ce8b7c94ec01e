using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Sort of a search.</summary>
public sealed record SquareSearchOrdersSort
{
    /// <summary>One of <see cref="SquareSearchOrdersSortField"/>.</summary>
    [JsonPropertyName("sort_field")]
    public string? SortField { get; init; }

    /// <summary><c>ASC</c> or <c>DESC</c> (Square's default).</summary>
    [JsonPropertyName("sort_order")]
    public string? SortOrder { get; init; }
}
