using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Any Square answer read only for its <c>errors[]</c>.</summary>
public sealed record SquareErrorResponse
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
