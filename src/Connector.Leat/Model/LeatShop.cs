using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A Leat shop, which the Orders API calls a business profile.</summary>
public sealed record LeatShop
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>E.g. <c>physical</c>, <c>web</c>; free text.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("reference")]
    public string? Reference { get; init; }
}
