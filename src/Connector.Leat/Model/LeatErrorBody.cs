using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>Leat's error body <c>{status_code, code, message, errors}</c>; each <c>errors</c> value may be a string or an array.</summary>
public sealed record LeatErrorBody
{
    [JsonPropertyName("status_code")]
    public int? StatusCode { get; init; }

    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("errors")]
    [JsonConverter(typeof(LeatFieldErrorsConverter))]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors { get; init; }
}
