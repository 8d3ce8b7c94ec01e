using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Answer of <c>POST /v2/orders/batch-retrieve</c>; unknown ids are silently left out.</summary>
public sealed record SquareBatchRetrieveOrdersResponse
{
    [JsonPropertyName("orders")]
    public IReadOnlyList<SquareOrder>? Orders { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
