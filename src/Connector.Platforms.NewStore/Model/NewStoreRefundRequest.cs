using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Model;

/// <summary>
/// The payload of <c>refund_request.issued</c>: an appeasement, money back to the customer without goods coming back.
/// <see cref="Amount"/> is decimal major units of <see cref="Currency"/>.
/// </summary>
public sealed record NewStoreRefundRequest
{
    /// <summary>The refund request UUID.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The order UUID.</summary>
    [JsonPropertyName("order_id")]
    public required string OrderId { get; init; }

    [JsonPropertyName("payment_account_id")]
    public string? PaymentAccountId { get; init; }

    [JsonPropertyName("amount")]
    public decimal Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("requested_at")]
    public DateTimeOffset? RequestedAt { get; init; }

    [JsonPropertyName("return_reason")]
    public string? ReturnReason { get; init; }

    [JsonPropertyName("reason_code")]
    public int? ReasonCode { get; init; }

    [JsonPropertyName("note")]
    public string? Note { get; init; }
}
