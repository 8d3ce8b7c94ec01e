using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Answer of <c>GET /v2/refunds/{refund_id}</c>.</summary>
public sealed record SquareGetPaymentRefundResponse
{
    [JsonPropertyName("refund")]
    public SquarePaymentRefund? Refund { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
