using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A refund from the Refunds API (<c>PaymentRefund</c>). <c>order_id</c> is the <b>return order</b>, not the sale.</summary>
public sealed record SquarePaymentRefund
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>One of <see cref="SquarePaymentRefundStatus"/>; only COMPLETED means money went back.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("location_id")]
    public string? LocationId { get; init; }

    /// <summary>Positive, minor units.</summary>
    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }

    [JsonPropertyName("payment_id")]
    public string? PaymentId { get; init; }

    /// <summary>The return order Square created for this refund.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("unlinked")]
    public bool? Unlinked { get; init; }

    [JsonPropertyName("destination_type")]
    public string? DestinationType { get; init; }
}
