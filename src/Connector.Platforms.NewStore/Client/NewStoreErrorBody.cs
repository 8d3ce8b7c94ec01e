using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// A NewStore error answer: <c>{"error_code": "resource_not_found", "message": "…"}</c> (REST), or a GraphQL answer's
/// <c>errors[]</c>. Every member is optional: the body is read for what it has.
/// </summary>
public sealed record NewStoreErrorBody
{
    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<NewStoreGraphQLError>? Errors { get; init; }
}

/// <summary>One GraphQL error: <c>{message, path?, extensions?: {code?, …}}</c>.</summary>
public sealed record NewStoreGraphQLError
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Some servers put the code here rather than in <see cref="Extensions"/>.</summary>
    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("extensions")]
    public JsonElement? Extensions { get; init; }

    /// <summary>The error's code: <c>extensions.code</c>, <c>extensions.error_code</c> or <c>error_code</c>, whichever is there.</summary>
    public string? Code()
    {
        if (Extensions is { ValueKind: JsonValueKind.Object } extensions)
        {
            foreach (var name in (ReadOnlySpan<string>)["code", "error_code"])
            {
                if (extensions.TryGetProperty(name, out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return code.GetString();
                }
            }
        }

        return ErrorCode;
    }
}
