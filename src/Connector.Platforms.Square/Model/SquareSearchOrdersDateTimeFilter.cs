using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Exactly one of the three ranges may be set, and <see cref="SquareSearchOrdersSort.SortField"/> must name the same field.</summary>
public sealed record SquareSearchOrdersDateTimeFilter
{
    [JsonPropertyName("created_at")]
    public SquareTimeRange? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public SquareTimeRange? UpdatedAt { get; init; }

    [JsonPropertyName("closed_at")]
    public SquareTimeRange? ClosedAt { get; init; }
}
