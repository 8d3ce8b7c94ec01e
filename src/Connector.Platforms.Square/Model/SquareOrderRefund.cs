using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A refund inside <c>Order.refunds[]</c> (<c>Refund</c>); its <c>status</c> enum differs from <see cref="SquarePaymentRefund.Status"/>.</summary>
public sealed record SquareOrderRefund
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("location_id")]
    public string? LocationId { get; init; }

    [JsonPropertyName("tender_id")]
    public string? TenderId { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }
}
