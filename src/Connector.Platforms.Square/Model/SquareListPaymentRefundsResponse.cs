using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Answer of <c>GET /v2/refunds</c>; <c>cursor</c> is absent on the last page.</summary>
public sealed record SquareListPaymentRefundsResponse
{
    [JsonPropertyName("refunds")]
    public IReadOnlyList<SquarePaymentRefund>? Refunds { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
