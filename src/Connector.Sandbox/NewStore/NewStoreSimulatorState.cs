using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>
/// Everything the simulator knows — tokens, orders, returns, integrations, the published event log and the deliveries
/// still owed — behind one lock: requests, the traffic generator and the sender touch it from different threads.
/// </summary>
internal sealed partial class NewStoreSimulatorState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly List<NewStorePublishedEvent> _events = [];
    private readonly List<NewStorePendingDelivery> _pending = [];
    private readonly List<NewStoreEventDelivery> _deliveries = [];
    private readonly Random _random;
    private long _sequence;

    public NewStoreSimulatorState(NewStoreSimulatorOptions options)
    {
        Options = options;
#pragma warning disable CA5394 // Reproducible ids, duplicates and delays for tests, not security.
        _random = new Random(options.Seed);
#pragma warning restore CA5394
    }

    public NewStoreSimulatorOptions Options { get; }

    /// <summary>Armed failures; a filter is a path prefix.</summary>
    public FaultInjector Faults { get; } = new((path, filter) => filter is null || path.StartsWith(filter, StringComparison.Ordinal));

    private DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public IReadOnlyList<NewStorePublishedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    public IReadOnlyList<NewStoreEventDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.ToArray();
            }
        }
    }

    public int PendingDeliveries
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>A random (seeded) version-4 UUID.</summary>
    private string NewId()
    {
        var bytes = new byte[16];
#pragma warning disable CA5394 // Reproducible ids, not security.
        _random.NextBytes(bytes);
#pragma warning restore CA5394
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

#pragma warning disable CA5394 // Reproducible delivery patterns, not security.
    private double NextDouble() => _random.NextDouble();

    private int NextInt(int maxExclusive) => _random.Next(maxExclusive);
#pragma warning restore CA5394

    // ---- Identity -------------------------------------------------------------------------------------------------

    /// <summary>Keycloak's client-credentials grant: the client from the form or from HTTP Basic.</summary>
    public NewStoreResponse IssueToken(string realm, IReadOnlyDictionary<string, string> form, string authorization)
    {
        if (!string.Equals(realm, Options.Tenant, StringComparison.Ordinal))
        {
            return new NewStoreResponse(404, new JsonObject { ["error"] = "Realm does not exist" });
        }

        if (!form.TryGetValue("grant_type", out var grant) || grant != "client_credentials")
        {
            return new NewStoreResponse(400, new JsonObject
            {
                ["error"] = "unsupported_grant_type",
                ["error_description"] = "Unsupported grant_type (only client_credentials is enabled for this client).",
            });
        }

        form.TryGetValue("client_id", out var clientId);
        form.TryGetValue("client_secret", out var secret);
        const string basic = "Basic ";
        if (authorization.StartsWith(basic, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[basic.Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    clientId = Uri.UnescapeDataString(pair[..colon]);
                    secret = Uri.UnescapeDataString(pair[(colon + 1)..]);
                }
            }
            catch (FormatException)
            {
                clientId = null;
            }
        }

        if (!Same(clientId, Options.ClientId) || !Same(secret, Options.ClientSecret))
        {
            return new NewStoreResponse(401, new JsonObject
            {
                ["error"] = "unauthorized_client",
                ["error_description"] = "Invalid client or Invalid client credentials",
            });
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            _tokens[token] = Now + Options.TokenTtl;
        }

        return NewStoreResponse.Ok(new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (long)Options.TokenTtl.TotalSeconds,
            ["refresh_expires_in"] = 0,
            ["token_type"] = "Bearer",
            ["not-before-policy"] = 0,
            ["scope"] = "",
        });
    }

    /// <summary>Null when the bearer token is live; otherwise NewStore's answer: no header 401, expired or unknown 403.</summary>
    public NewStoreResponse? Authenticate(string authorization)
    {
        if (authorization.Length == 0)
        {
            return NewStoreResponse.Error(401, "unauthorized", "Missing Authorization header.");
        }

        const string scheme = "Bearer ";
        var token = authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization[scheme.Length..].Trim() : "";
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var expires) && Now < expires)
            {
                return null;
            }
        }

        return NewStoreResponse.Error(403, "forbidden", "The access token is invalid or has expired.");
    }

    /// <summary>Constant-time comparison: secrets even in a simulator, and tests copy patterns from here.</summary>
    private static bool Same(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    // ---- Event log and deliveries ---------------------------------------------------------------------------------

    /// <summary>Publishes an event now and owes it to every integration that accepts it. Caller holds the lock.</summary>
    private NewStorePublishedEvent PublishLocked(string name, string entityId, JsonObject payload)
    {
        var at = Now;
        var envelope = new JsonObject
        {
            ["tenant"] = Options.Tenant,
            ["name"] = name,
            ["published_at"] = NewStoreJson.EventTime(at),
            ["payload"] = payload.DeepClone(),
        };
        var published = new NewStorePublishedEvent(++_sequence, name, entityId, at, NewStoreJson.Serialize(envelope));
        _events.Add(published);
        // A stopped (paused) integration keeps what is published meanwhile and gets it when started again [unconfirmed].
        foreach (var integration in _integrations.Where(i => i.Accepts(published)))
        {
            OweLocked(integration, published);
        }

        return published;
    }

    /// <summary>Schedules one delivery, sometimes late, sometimes twice (at-least-once). Caller holds the lock.</summary>
    private void OweLocked(NewStoreIntegration integration, NewStorePublishedEvent published)
    {
        var copies = NextDouble() < Options.DuplicateRate ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            var delay = NextDouble() < Options.LateRate ? TimeSpan.FromMilliseconds(1 + NextInt((int)Math.Max(1, Options.MaxLateDelay.TotalMilliseconds))) : TimeSpan.Zero;
            _pending.Add(new NewStorePendingDelivery(integration.Id, published, Now + delay, 1));
        }
    }

    /// <summary>Removes and returns what is due now for running integrations, shuffled when configured, with each one's callback.</summary>
    public List<(NewStorePendingDelivery Delivery, string Url, string? ApiKey)> TakeDue()
    {
        lock (_gate)
        {
            var now = Now;
            var running = _integrations.Where(i => i.Status == "running").ToDictionary(i => i.Id, StringComparer.Ordinal);
            var due = _pending.Where(p => p.DueAt <= now && running.ContainsKey(p.IntegrationId)).OrderBy(p => p.DueAt).ThenBy(p => p.Event.Sequence).ToArray();
            _pending.RemoveAll(p => due.Contains(p));
            if (Options.ShuffleEvents)
            {
#pragma warning disable CA5394 // Reproducible shuffles, not security.
                _random.Shuffle(due);
#pragma warning restore CA5394
            }

            return [.. due.Select(d => (d, running[d.IntegrationId].CallbackUrl, running[d.IntegrationId].ApiKey))];
        }
    }

    /// <summary>Records an attempt; a failed one is owed again after the retry delay (unless the integration is gone).</summary>
    public void Delivered(NewStorePendingDelivery delivery, int status, bool sentApiKey)
    {
        lock (_gate)
        {
            _deliveries.Add(new NewStoreEventDelivery(delivery.IntegrationId, delivery.Event.Sequence, delivery.Event.Name, delivery.Attempt, status, Now, sentApiKey));
            if (_deliveries.Count > Options.MaxRecorded)
            {
                _deliveries.RemoveRange(0, _deliveries.Count - Options.MaxRecorded);
            }

            if (status is < 200 or > 299 && delivery.Attempt < Options.MaxAttempts && _integrations.Any(i => i.Id == delivery.IntegrationId))
            {
                _pending.Add(delivery with { DueAt = Now + Options.RetryDelay, Attempt = delivery.Attempt + 1 });
            }
        }
    }

    /// <summary>A temporary integration stops itself once its window has passed and everything in it was delivered.</summary>
    public void StopFinishedTemporaries()
    {
        lock (_gate)
        {
            foreach (var integration in _integrations.Where(i => i.IsTemporary && i.Status == "running" && Now >= i.EndsAt))
            {
                if (!_pending.Any(p => p.IntegrationId == integration.Id))
                {
                    integration.Status = "stopped";
                }
            }
        }
    }
}
