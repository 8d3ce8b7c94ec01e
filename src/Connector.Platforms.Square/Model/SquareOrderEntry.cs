using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A search hit in <c>order_entries</c> form (<c>return_entries: true</c>).</summary>
public sealed record SquareOrderEntry
{
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    [JsonPropertyName("version")]
    public long? Version { get; init; }

    [JsonPropertyName("location_id")]
    public string? LocationId { get; init; }
}
