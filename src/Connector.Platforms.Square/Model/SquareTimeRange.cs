using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>An RFC 3339 range; both ends inclusive, an absent <c>end_at</c> means the time of the first request of a cursor chain.</summary>
public sealed record SquareTimeRange
{
    [JsonPropertyName("start_at")]
    public DateTimeOffset? StartAt { get; init; }

    [JsonPropertyName("end_at")]
    public DateTimeOffset? EndAt { get; init; }
}
