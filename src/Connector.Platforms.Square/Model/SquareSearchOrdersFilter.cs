using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Filters of a search; all set filters are ANDed.</summary>
public sealed record SquareSearchOrdersFilter
{
    [JsonPropertyName("date_time_filter")]
    public SquareSearchOrdersDateTimeFilter? DateTimeFilter { get; init; }

    [JsonPropertyName("state_filter")]
    public SquareSearchOrdersStateFilter? StateFilter { get; init; }
}
