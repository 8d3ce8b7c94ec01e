using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>Body of <c>POST /order-returns</c> and <c>/order-returns/create-and-process</c>. Amounts are what is returned, in minor units.</summary>
public sealed record LeatOrderReturnRequest
{
    [JsonPropertyName("order")]
    public required LeatOrderReference Order { get; init; }

    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    /// <summary>One of <see cref="LeatReturnStatus"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("line_items")]
    public IReadOnlyList<LeatReturnLineItem>? LineItems { get; init; }

    [JsonPropertyName("applied_discounts")]
    public IReadOnlyList<LeatReturnDiscount>? AppliedDiscounts { get; init; }

    [JsonPropertyName("charges")]
    public IReadOnlyList<LeatReturnCharge>? Charges { get; init; }
}
