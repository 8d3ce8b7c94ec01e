using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A service charge's share on one line (<c>OrderLineItemAppliedServiceCharge</c>).</summary>
public sealed record SquareOrderLineItemAppliedServiceCharge
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("service_charge_uid")]
    public string? ServiceChargeUid { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }
}
