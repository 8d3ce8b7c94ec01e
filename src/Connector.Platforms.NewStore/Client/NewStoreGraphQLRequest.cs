using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Client;

/// <summary>The body of <c>POST /api/v1/org/data/query</c>: <c>{"query", "variables"}</c>. The client sends queries only, never mutations.</summary>
public sealed record NewStoreGraphQLRequest(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("variables")] IReadOnlyDictionary<string, string> Variables);

/// <summary>A GraphQL answer: <c>{"data": …, "errors": […]}</c>; either may be absent.</summary>
public sealed record NewStoreGraphQLResponse<TData>
    where TData : class
{
    [JsonPropertyName("data")]
    public TData? Data { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<NewStoreGraphQLError>? Errors { get; init; }
}
