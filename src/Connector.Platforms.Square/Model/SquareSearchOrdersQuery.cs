using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>The <c>query</c> of a search.</summary>
public sealed record SquareSearchOrdersQuery
{
    [JsonPropertyName("filter")]
    public SquareSearchOrdersFilter? Filter { get; init; }

    [JsonPropertyName("sort")]
    public SquareSearchOrdersSort? Sort { get; init; }
}
