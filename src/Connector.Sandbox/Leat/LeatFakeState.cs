using System.Text.Json;

namespace Connector.Sandbox.Leat;

/// <summary>
/// Everything the Leat fake knows: shops, contacts and balances, orders, returns, queued faults and recorded requests.
/// Safe for concurrent requests: every read-modify-write of business state happens under one lock, so a uniqueness
/// check and the insert it guards are atomic (two concurrent creates of one external identifier: one wins, one 422).
/// </summary>
public sealed partial class LeatFakeState
{
    private readonly Lock _gate = new();
    private readonly Lock _recordGate = new();
    private readonly Queue<RecordedRequest> _requests = new();
    private readonly Dictionary<string, LeatFakeShop> _shops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredContact> _contactsByUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredContact> _contactsByEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredOrder> _ordersByExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredOrder> _ordersByUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredReturn> _returnsByExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredReturn> _returnsByUuid = new(StringComparer.Ordinal);
    private int _nextContactId = 1;

    /// <summary>Creates the state with the options' shops and seeded contacts.</summary>
    public LeatFakeState(LeatFakeOptions options)
    {
        Options = options;
        foreach (var shop in options.Shops)
        {
            _shops[shop.Uuid] = shop;
        }

        SeedContacts();
    }

    /// <summary>The options the fake was started with.</summary>
    public LeatFakeOptions Options { get; }

    internal FaultInjector Faults { get; } = new(LeatFakeRoutes.PathMatches);

    /// <summary>Every request received so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_recordGate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Orders by external identifier (a snapshot).</summary>
    public IReadOnlyDictionary<string, LeatFakeOrder> Orders
    {
        get
        {
            lock (_gate)
            {
                return _ordersByExternalId.ToDictionary(o => o.Key, o => o.Value.Snapshot(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Order returns by external identifier (a snapshot).</summary>
    public IReadOnlyDictionary<string, LeatFakeReturn> Returns
    {
        get
        {
            lock (_gate)
            {
                return _returnsByExternalId.ToDictionary(r => r.Key, r => r.Value.Snapshot(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>How many orders are stored, without the cost of a snapshot (for callers that poll).</summary>
    public int OrderCount
    {
        get
        {
            lock (_gate)
            {
                return _ordersByExternalId.Count;
            }
        }
    }

    /// <summary>How many order returns are stored, without the cost of a snapshot (for callers that poll).</summary>
    public int ReturnCount
    {
        get
        {
            lock (_gate)
            {
                return _returnsByExternalId.Count;
            }
        }
    }

    /// <summary>Whether an order with this external identifier is stored, without the cost of a snapshot.</summary>
    public bool HasOrder(string externalIdentifier)
    {
        lock (_gate)
        {
            return _ordersByExternalId.ContainsKey(externalIdentifier);
        }
    }

    /// <summary>All contacts with their current balances (a snapshot).</summary>
    public IReadOnlyList<LeatFakeContact> Contacts
    {
        get
        {
            lock (_gate)
            {
                return [.. _contactsByUuid.Values.OrderBy(c => c.Id).Select(c => new LeatFakeContact(c.Email, c.Uuid, c.Balance))];
            }
        }
    }

    /// <summary>The contact's points balance; throws <see cref="KeyNotFoundException"/> for an unknown uuid.</summary>
    public long ContactBalance(string contactUuid)
    {
        lock (_gate)
        {
            return _contactsByUuid.TryGetValue(contactUuid, out var contact)
                ? contact.Balance
                : throw new KeyNotFoundException($"The Leat fake has no contact {contactUuid}.");
        }
    }

    /// <summary>Adds (or returns the existing) contact for an email, as find-or-create would; returns its uuid.</summary>
    public string AddContact(string email, long balance = 0)
    {
        lock (_gate)
        {
            var normalised = LeatFakeContact.NormaliseEmail(email);
            if (_contactsByEmail.TryGetValue(normalised, out var existing))
            {
                return existing.Uuid;
            }

            return AddContactLocked(LeatFakeContact.ForEmail(normalised, balance)).Uuid;
        }
    }

    /// <summary>How many recorded requests had this method and a path starting with the prefix (relative to <c>/api/v3/oauth/clients</c> or absolute).</summary>
    public int CallCount(string method, string pathPrefix)
    {
        lock (_recordGate)
        {
            return _requests.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && LeatFakeRoutes.PathMatches(r.Path, pathPrefix));
        }
    }

    /// <summary>Forgets recorded requests.</summary>
    public void ClearRequests()
    {
        lock (_recordGate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Back to the freshly started state: no orders, returns or faults, seeded contacts only, no recordings.</summary>
    public void Reset()
    {
        Faults.Clear();
        ClearRequests();
        lock (_gate)
        {
            _ordersByExternalId.Clear();
            _ordersByUuid.Clear();
            _returnsByExternalId.Clear();
            _returnsByUuid.Clear();
            _contactsByUuid.Clear();
            _contactsByEmail.Clear();
            _nextContactId = 1;
            SeedContacts();
        }
    }

    /// <summary>The next <paramref name="count"/> matching requests get <paramref name="statusCode"/> with Leat's error body and no effect.</summary>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null, string? pathFilter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        Faults.Add(count, delay: null, statusCode, retryAfter, drop: false, pathFilter);
    }

    /// <summary>The next <paramref name="count"/> matching requests wait <paramref name="delay"/> before being handled.</summary>
    public void DelayNext(int count, TimeSpan delay, string? pathFilter = null) =>
        Faults.Add(count, delay, failStatus: null, retryAfter: null, drop: false, pathFilter);

    /// <summary>The next <paramref name="count"/> matching requests take full effect, then the connection is aborted unanswered.</summary>
    public void CommitThenDropNext(int count, string? pathFilter = null) =>
        Faults.Add(count, delay: null, failStatus: null, retryAfter: null, drop: true, pathFilter);

    /// <summary>Removes all queued faults.</summary>
    public void ClearFaults() => Faults.Clear();

    internal void Record(RecordedRequest request)
    {
        lock (_recordGate)
        {
            _requests.Enqueue(request);
            while (_requests.Count > Math.Max(1, Options.MaxRecordedRequests))
            {
                _requests.Dequeue();
            }
        }
    }

    /// <summary>The request body as a JSON object; anything else (empty, malformed, an array) reads as <c>{}</c>, so it fails as "required" like Laravel would.</summary>
    private static JsonDocument ParseObject(string body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        return JsonDocument.Parse("{}");
    }

    private void SeedContacts()
    {
        foreach (var contact in Options.Contacts)
        {
            AddContactLocked(contact);
        }
    }

    private StoredContact AddContactLocked(LeatFakeContact contact)
    {
        var stored = new StoredContact
        {
            Id = _nextContactId++,
            Uuid = contact.Uuid,
            Email = LeatFakeContact.NormaliseEmail(contact.Email),
            Balance = contact.Balance,
        };
        _contactsByUuid[stored.Uuid] = stored;
        _contactsByEmail[stored.Email] = stored;
        return stored;
    }
}
