using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>Body of <c>PUT /orders/{uuid}</c>; null fields are left unchanged.</summary>
public sealed record LeatOrderUpdate(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("payment_status")] string? PaymentStatus);
