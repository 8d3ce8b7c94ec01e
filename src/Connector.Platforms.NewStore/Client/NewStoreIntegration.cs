using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// An event-stream integration (Event stream configuration API 1.0), as registered and as listed:
/// <c>{id, integration_type, status, starts_at?, ends_at?, callback_parameters{callback_url, api_key},
/// filter_conditions{event_filter, entity_filter}}</c>. Its <see cref="CallbackParameters"/> hold a secret: never print
/// or log an integration whole.
/// </summary>
public sealed record NewStoreIntegration
{
    /// <summary>Our own name for it, unique in the tenant.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary><see cref="Permanent"/>, or <see cref="Temporary"/> for a replay of [<see cref="StartsAt"/>, <see cref="EndsAt"/>].</summary>
    [JsonPropertyName("integration_type")]
    public string? IntegrationType { get; init; }

    /// <summary><see cref="Running"/> or <see cref="Stopped"/>; set by NewStore, not sent.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("starts_at")]
    [JsonConverter(typeof(NewStoreUtcTimeConverter))]
    public DateTimeOffset? StartsAt { get; init; }

    [JsonPropertyName("ends_at")]
    [JsonConverter(typeof(NewStoreUtcTimeConverter))]
    public DateTimeOffset? EndsAt { get; init; }

    [JsonPropertyName("callback_parameters")]
    public NewStoreCallbackParameters? CallbackParameters { get; init; }

    [JsonPropertyName("filter_conditions")]
    public NewStoreFilterConditions? FilterConditions { get; init; }

    public const string Permanent = "permanent";
    public const string Temporary = "temporary";
    public const string Running = "running";
    public const string Stopped = "stopped";
}

/// <summary>Where NewStore delivers: our webhook and the key it sends as <c>Authorization: Bearer</c>.</summary>
public sealed record NewStoreCallbackParameters
{
    [JsonPropertyName("callback_url")]
    public string? CallbackUrl { get; init; }

    /// <summary>Secret: never printed or logged.</summary>
    [JsonPropertyName("api_key")]
    public string? ApiKey { get; init; }

    /// <summary>Keeps the key out of anything that prints the record.</summary>
    public override string ToString() => $"CallbackUrl={CallbackUrl}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "not set" : "set")}";
}

/// <summary>Which events are delivered; without it, every event.</summary>
public sealed record NewStoreFilterConditions
{
    [JsonPropertyName("event_filter")]
    public IReadOnlyList<string>? EventFilter { get; init; }

    [JsonPropertyName("entity_filter")]
    public IReadOnlyList<string>? EntityFilter { get; init; }
}

/// <summary>The body of <c>PATCH …/eventstream/{id}</c>: what <c>newstore register</c> changes on an existing integration.</summary>
public sealed record NewStoreIntegrationUpdate
{
    [JsonPropertyName("callback_parameters")]
    public NewStoreCallbackParameters? CallbackParameters { get; init; }

    [JsonPropertyName("filter_conditions")]
    public NewStoreFilterConditions? FilterConditions { get; init; }
}

/// <summary>The answer of <c>GET …/eventstream</c>.</summary>
public sealed record NewStoreIntegrationList
{
    [JsonPropertyName("integrations")]
    public IReadOnlyList<NewStoreIntegration>? Integrations { get; init; }
}
