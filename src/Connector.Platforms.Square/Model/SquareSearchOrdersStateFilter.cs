using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Filter by order state.</summary>
public sealed record SquareSearchOrdersStateFilter
{
    [JsonPropertyName("states")]
    public IReadOnlyList<string>? States { get; init; }
}
