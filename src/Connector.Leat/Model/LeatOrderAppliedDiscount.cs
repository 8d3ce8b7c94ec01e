using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>An applied discount as stored by Leat. <see cref="AppliedTo"/> is kept as text: the docs' own example uses values the input enum does not list.</summary>
public sealed record LeatOrderAppliedDiscount
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("external_identifier")]
    public string? ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("amount")]
    public long? Amount { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("applied_to")]
    public string? AppliedTo { get; init; }
}
