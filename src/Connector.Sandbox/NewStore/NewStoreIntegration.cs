using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>An event-stream integration (configuration API 1.0), as registered.</summary>
internal sealed class NewStoreIntegration
{
    public required string Id { get; init; }

    public required string IntegrationType { get; init; }

    public required string CallbackUrl { get; set; }

    public string? ApiKey { get; set; }

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Event names delivered; empty = every event.</summary>
    public IReadOnlyList<string> EventFilter { get; set; } = [];

    public IReadOnlyList<string> EntityFilter { get; set; } = [];

    /// <summary><c>running</c> or <c>stopped</c>.</summary>
    public string Status { get; set; } = "running";

    public bool IsTemporary => IntegrationType == "temporary";

    public bool Accepts(NewStorePublishedEvent published) =>
        (EventFilter.Count == 0 || EventFilter.Contains(published.Name, StringComparer.Ordinal))
        && (!IsTemporary || (published.PublishedAt >= StartsAt && published.PublishedAt <= EndsAt));

    public JsonObject ToJson()
    {
        var callback = new JsonObject { ["callback_url"] = CallbackUrl };
        if (ApiKey is not null)
        {
            callback["api_key"] = ApiKey;
        }

        var json = new JsonObject
        {
            ["id"] = Id,
            ["status"] = Status,
            ["integration_type"] = IntegrationType,
            ["callback_parameters"] = callback,
            ["filter_conditions"] = new JsonObject
            {
                ["event_filter"] = new JsonArray([.. EventFilter.Select(e => (JsonNode?)e)]),
                ["entity_filter"] = new JsonArray([.. EntityFilter.Select(e => (JsonNode?)e)]),
            },
        };
        if (StartsAt is { } starts)
        {
            json["starts_at"] = NewStoreJson.EventTime(starts);
        }

        if (EndsAt is { } ends)
        {
            json["ends_at"] = NewStoreJson.EventTime(ends);
        }

        return json;
    }
}
