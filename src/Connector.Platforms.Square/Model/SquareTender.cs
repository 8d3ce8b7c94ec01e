using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A payment applied to an order (<c>Tender</c>); <c>id</c> is the Payment id and <c>amount_money</c> includes <c>tip_money</c>.</summary>
public sealed record SquareTender
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("location_id")]
    public string? LocationId { get; init; }

    /// <summary>One of <see cref="SquareTenderType"/> (unknown values are kept as sent).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("customer_id")]
    public string? CustomerId { get; init; }

    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }

    [JsonPropertyName("tip_money")]
    public SquareMoney? TipMoney { get; init; }

    [JsonPropertyName("payment_id")]
    public string? PaymentId { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }
}
