using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>One entry of Square's <c>errors[]</c>.</summary>
public sealed record SquareError
{
    /// <summary>One of <see cref="SquareErrorCategory"/>.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; init; }

    /// <summary>One of <see cref="SquareErrorCode"/> or any other code Square sends.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("field")]
    public string? Field { get; init; }
}
