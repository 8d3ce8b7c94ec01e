using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Where an order came from (<c>OrderSource</c>).</summary>
public sealed record SquareOrderSource
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
