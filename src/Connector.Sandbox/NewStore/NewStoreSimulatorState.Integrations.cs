using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>The event-stream configuration API 1.0 (reference 5.5).</summary>
internal sealed partial class NewStoreSimulatorState
{
    private readonly List<NewStoreIntegration> _integrations = [];

    public NewStoreResponse ListIntegrations()
    {
        lock (_gate)
        {
            return NewStoreResponse.Ok(new JsonObject { ["integrations"] = new JsonArray([.. _integrations.Select(i => (JsonNode)i.ToJson())]) });
        }
    }

    public NewStoreResponse GetIntegration(string id)
    {
        lock (_gate)
        {
            return Find(id) is { } integration ? NewStoreResponse.Ok(integration.ToJson()) : NotFound(id);
        }
    }

    /// <summary>Registers (and starts) an integration; a temporary one is owed every published event of its window at once.</summary>
    public NewStoreResponse RegisterIntegration(string body)
    {
        if (Parse(body) is not JsonObject json)
        {
            return Invalid("The request body must be a JSON object.");
        }

        var id = Text(json, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            return Invalid("id is required.");
        }

        var type = Text(json, "integration_type") ?? "permanent";
        if (type is not ("permanent" or "temporary"))
        {
            return Invalid($"integration_type must be permanent or temporary, not '{type}'.");
        }

        var callback = json["callback_parameters"] as JsonObject;
        var url = callback is null ? null : Text(callback, "callback_url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var callbackUri) || callbackUri.Scheme is not ("http" or "https"))
        {
            return Invalid("callback_parameters.callback_url must be an absolute http(s) URL.");
        }

        DateTimeOffset? startsAt = null;
        DateTimeOffset? endsAt = null;
        foreach (var (field, set) in new (string, Action<DateTimeOffset>)[] { ("starts_at", t => startsAt = t), ("ends_at", t => endsAt = t) })
        {
            if (Text(json, field) is { } text)
            {
                if (!NewStoreJson.TryParseTime(text, out var at))
                {
                    return Invalid($"{field} must be an ISO-8601 date-time.");
                }

                set(at);
            }
        }

        var temporary = type == "temporary" || (startsAt is not null && endsAt is not null);
        if (temporary && (startsAt is null || endsAt is null || endsAt < startsAt))
        {
            return Invalid("A temporary integration needs starts_at and ends_at, with ends_at not before starts_at.");
        }

        if (!TryFilters(json, out var events, out var entities, out var filterError))
        {
            return Invalid(filterError);
        }

        lock (_gate)
        {
            if (Find(id) is not null)
            {
                return NewStoreResponse.Error(409, "resource_already_exists", $"Integration '{id}' already exists.");
            }

            if (_integrations.Count >= Options.MaxIntegrations)
            {
                return NewStoreResponse.Error(409, "integration_limit_reached",
                    $"A tenant can have at most {Options.MaxIntegrations} integrations, temporary and stopped ones included; delete one first.");
            }

            var integration = new NewStoreIntegration
            {
                Id = id,
                IntegrationType = temporary ? "temporary" : "permanent",
                CallbackUrl = callbackUri.ToString(),
                ApiKey = callback is null ? null : Text(callback, "api_key"),
                StartsAt = startsAt,
                EndsAt = endsAt,
                EventFilter = events,
                EntityFilter = entities,
            };
            _integrations.Add(integration);
            if (integration.IsTemporary)
            {
                foreach (var published in _events.Where(integration.Accepts))
                {
                    OweLocked(integration, published);
                }
            }

            return new NewStoreResponse(201, integration.ToJson());
        }
    }

    /// <summary>Changes the callback (URL, api key) and filters of an integration.</summary>
    public NewStoreResponse UpdateIntegration(string id, string body)
    {
        if (Parse(body) is not JsonObject json)
        {
            return Invalid("The request body must be a JSON object.");
        }

        if (!TryFilters(json, out var events, out var entities, out var filterError))
        {
            return Invalid(filterError);
        }

        var callback = json["callback_parameters"] as JsonObject;
        Uri? callbackUri = null;
        if (callback is not null && Text(callback, "callback_url") is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out callbackUri) || callbackUri.Scheme is not ("http" or "https")))
        {
            return Invalid("callback_parameters.callback_url must be an absolute http(s) URL.");
        }

        lock (_gate)
        {
            if (Find(id) is not { } integration)
            {
                return NotFound(id);
            }

            if (callbackUri is not null)
            {
                integration.CallbackUrl = callbackUri.ToString();
            }

            if (callback?.ContainsKey("api_key") == true)
            {
                integration.ApiKey = Text(callback, "api_key");
            }

            if (json.ContainsKey("filter_conditions"))
            {
                integration.EventFilter = events;
                integration.EntityFilter = entities;
            }

            return NewStoreResponse.Ok(integration.ToJson());
        }
    }

    public NewStoreResponse SetIntegrationStatus(string id, string status)
    {
        lock (_gate)
        {
            if (Find(id) is not { } integration)
            {
                return NotFound(id);
            }

            integration.Status = status;
            return NewStoreResponse.Ok(integration.ToJson());
        }
    }

    /// <summary>Deletes an integration with everything still owed to it.</summary>
    public NewStoreResponse DeleteIntegration(string id)
    {
        lock (_gate)
        {
            if (Find(id) is not { } integration)
            {
                return NotFound(id);
            }

            _integrations.Remove(integration);
            _pending.RemoveAll(p => p.IntegrationId == id);
            return new NewStoreResponse(204, null);
        }
    }

    /// <summary>The integration's current JSON (tests and sandbox wiring), or null.</summary>
    public JsonObject? Integration(string id)
    {
        lock (_gate)
        {
            return Find(id)?.ToJson();
        }
    }

    private NewStoreIntegration? Find(string id) => _integrations.FirstOrDefault(i => i.Id == id);

    private static NewStoreResponse NotFound(string id) => NewStoreResponse.Error(404, "resource_not_found", $"Integration '{id}' was not found.");

    private static NewStoreResponse Invalid(string message) => NewStoreResponse.Error(400, "invalid_request", message);

    private static JsonNode? Parse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool TryFilters(JsonObject json, out IReadOnlyList<string> events, out IReadOnlyList<string> entities, out string error)
    {
        events = [];
        entities = [];
        error = "";
        if (json["filter_conditions"] is null)
        {
            return true;
        }

        if (json["filter_conditions"] is not JsonObject filters)
        {
            error = "filter_conditions must be an object.";
            return false;
        }

        foreach (var name in new[] { "event_filter", "entity_filter" })
        {
            var list = new List<string>();
            if (filters[name] is JsonArray array)
            {
                foreach (var item in array)
                {
                    if (item is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
                    {
                        error = $"filter_conditions.{name} must be a list of non-empty strings.";
                        return false;
                    }

                    list.Add(text);
                }
            }
            else if (filters[name] is not null)
            {
                error = $"filter_conditions.{name} must be a list of non-empty strings.";
                return false;
            }

            if (name == "event_filter")
            {
                events = list;
            }
            else
            {
                entities = list;
            }
        }

        return true;
    }
}
