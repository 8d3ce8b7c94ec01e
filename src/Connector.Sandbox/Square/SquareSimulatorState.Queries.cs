using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Connector.Sandbox.Square.SquareJson;

namespace Connector.Sandbox.Square;

internal sealed partial class SquareSimulatorState
{
    private const int MaxCursors = 1000;
    private static readonly string[] OrderStates = ["OPEN", "COMPLETED", "CANCELED", "DRAFT"];
    private static readonly string[] SortFields = ["CREATED_AT", "UPDATED_AT", "CLOSED_AT"];
    private static readonly string[] RefundStatuses = ["PENDING", "COMPLETED", "REJECTED", "FAILED"];
    private readonly Dictionary<string, Cursor> _cursors = new(StringComparer.Ordinal);
    private readonly Queue<string> _cursorAge = new();

    public SquareResponse RetrieveOrder(string id) =>
        OrderJson(id) is { } order ? SquareResponse.Ok(Wrap("order", order)) : SquareErrors.NotFound("order", id, "order_id");

    public SquareResponse RetrieveRefund(string id) =>
        RefundJson(id) is { } refund ? SquareResponse.Ok(Wrap("refund", refund)) : SquareErrors.NotFound("refund", id, "refund_id");

    public SquareResponse RetrieveCustomer(string id) =>
        CustomerJson(id) is { } customer ? SquareResponse.Ok(Wrap("customer", customer)) : SquareErrors.NotFound("customer", id, "customer_id");

    public SquareResponse RetrievePayment(string id)
    {
        var payment = Payment(id);
        return payment is null ? SquareErrors.NotFound("payment", id, "payment_id") : SquareResponse.Ok(new JsonObject { ["payment"] = payment });
    }

    public SquareResponse ListLocations() => SquareResponse.Ok(new JsonObject
    {
        ["locations"] = new JsonArray(Options.Locations.Select(l => (JsonNode)new JsonObject
        {
            ["id"] = l.Id,
            ["name"] = l.Name,
            ["merchant_id"] = Options.MerchantId,
            ["status"] = "ACTIVE",
        }).ToArray()),
    });

    /// <summary>BatchRetrieveOrders: at most 100 ids; unknown ids (and ids of another location when one is given) are silently left out.</summary>
    public SquareResponse BatchRetrieve(string body)
    {
        if (Parse(body) is not { } request)
        {
            return SquareErrors.Invalid("BAD_REQUEST", "Invalid JSON in the request body.");
        }

        if (request["order_ids"] is not JsonArray ids || ids.Count == 0 || ids.Any(i => i?.GetValueKind() != JsonValueKind.String))
        {
            return SquareErrors.Invalid("EXPECTED_ARRAY", "Field must be a non-empty array of order ids.", "order_ids");
        }

        if (ids.Count > 100)
        {
            return SquareErrors.Invalid("VALUE_TOO_HIGH", $"`order_ids` must contain at most 100 entries; it has {ids.Count}.", "order_ids");
        }

        var location = request["location_id"]?.GetValue<string>();
        var orders = new List<byte[]>(ids.Count);
        lock (_gate)
        {
            foreach (var id in ids.Select(i => i!.GetValue<string>()).Distinct(StringComparer.Ordinal))
            {
                if (_orders.TryGetValue(id, out var order) && (location is null || order["location_id"]!.GetValue<string>() == location))
                {
                    orders.Add(_orderJson.Get(id)!);
                }
            }
        }

        return SquareResponse.Ok(Write(orders.Sum(o => o.Length), writer =>
        {
            writer.WritePropertyName("orders");
            WriteArray(writer, orders);
        }));
    }

    /// <summary>
    /// SearchOrders as the reference describes it: 1–10 locations, limit ≤ 1000 (default 500), one date-time filter
    /// whose field must be the sort field, both bounds inclusive, an open end meaning the time of the chain's first
    /// request. The matching ids are snapshotted at the first page, so a cursor chain neither skips nor repeats while
    /// orders change; the cursor only works with the same query (only <c>limit</c> may change).
    /// </summary>
    public SquareResponse SearchOrders(string body)
    {
        if (Parse(body) is not { } request)
        {
            return SquareErrors.Invalid("BAD_REQUEST", "Invalid JSON in the request body.");
        }

        if (request["location_ids"] is not JsonArray locationIds || locationIds.Count == 0 || locationIds.Any(l => l?.GetValueKind() != JsonValueKind.String))
        {
            return SquareErrors.Invalid("MISSING_REQUIRED_PARAMETER", "`location_ids` must name at least one location.", "location_ids");
        }

        if (locationIds.Count > 10)
        {
            return SquareErrors.Invalid("VALUE_TOO_HIGH", $"`location_ids` must contain at most 10 entries; it has {locationIds.Count}.", "location_ids");
        }

        var locations = locationIds.Select(l => l!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        if (locations.FirstOrDefault(l => Options.Locations.All(known => known.Id != l)) is { } unknown)
        {
            return SquareErrors.Create(403, "AUTHENTICATION_ERROR", "FORBIDDEN", $"Location `{unknown}` does not belong to this merchant.", "location_ids");
        }

        if (Limit(request["limit"], 1000, "limit") is { } limitError)
        {
            return limitError;
        }

        var limit = request["limit"]?.GetValue<int>() ?? 500;
        var returnEntries = request["return_entries"]?.GetValueKind() == JsonValueKind.True;
        var query = request["query"] as JsonObject;
        var filter = query?["filter"] as JsonObject;
        var sort = query?["sort"] as JsonObject;
        var sortField = sort?["sort_field"]?.GetValue<string>() ?? "CREATED_AT";
        var sortOrder = sort?["sort_order"]?.GetValue<string>() ?? "DESC";
        if (!SortFields.Contains(sortField))
        {
            return SquareErrors.Invalid("INVALID_ENUM_VALUE", $"`{sortField}` is not a valid sort field.", "query.sort.sort_field");
        }

        if (sortOrder is not ("ASC" or "DESC"))
        {
            return SquareErrors.Invalid("INVALID_ENUM_VALUE", $"`{sortOrder}` is not a valid sort order.", "query.sort.sort_order");
        }

        string? timeField = null;
        DateTimeOffset? start = null, end = null;
        if (filter?["date_time_filter"] is JsonObject dateTime)
        {
            var fields = dateTime.Where(p => p.Value is not null).Select(p => p.Key).ToList();
            if (fields.Count != 1 || fields[0] is not ("created_at" or "updated_at" or "closed_at"))
            {
                return SquareErrors.Invalid("BAD_REQUEST", "`date_time_filter` must set exactly one of created_at, updated_at and closed_at.", "query.filter.date_time_filter");
            }

            timeField = fields[0];
            var range = dateTime[timeField] as JsonObject;
            foreach (var bound in new[] { "start_at", "end_at" })
            {
                if (range?[bound] is { } value)
                {
                    if (value.GetValueKind() != JsonValueKind.String || !SquareJson.TryParseTime(value.GetValue<string>(), out var at))
                    {
                        return SquareErrors.Invalid("INVALID_TIME", $"`{bound}` must be an RFC 3339 timestamp.", $"query.filter.date_time_filter.{timeField}.{bound}");
                    }

                    (bound == "start_at" ? ref start : ref end) = at;
                }
            }

            if (start > end)
            {
                return SquareErrors.Invalid("INVALID_TIME_RANGE", "`start_at` must not be after `end_at`.", $"query.filter.date_time_filter.{timeField}");
            }

            if (!string.Equals(timeField, sortField, StringComparison.OrdinalIgnoreCase))
            {
                return SquareErrors.Invalid(
                    "BAD_REQUEST",
                    $"The sort field `{sortField}` must match the field of `date_time_filter` (`{timeField}`).",
                    "query.sort.sort_field");
            }
        }

        HashSet<string>? states = null;
        if (filter?["state_filter"] is JsonObject stateFilter)
        {
            if (stateFilter["states"] is not JsonArray stateArray || stateArray.Count == 0 || stateArray.Any(s => !OrderStates.Contains(s?.ToString())))
            {
                return SquareErrors.Invalid("INVALID_ENUM_VALUE", "`states` must list OPEN, COMPLETED, CANCELED or DRAFT.", "query.filter.state_filter.states");
            }

            states = stateArray.Select(s => s!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        }

        if (sortField == "CLOSED_AT" && (states is null || states.Any(s => s is not ("COMPLETED" or "CANCELED"))))
        {
            return SquareErrors.Invalid("BAD_REQUEST", "Sorting by CLOSED_AT needs a state_filter with only COMPLETED or CANCELED.", "query.sort.sort_field");
        }

        HashSet<string>? customers = null;
        if (filter?["customer_filter"]?["customer_ids"] is JsonArray customerIds)
        {
            if (customerIds.Count > 10)
            {
                return SquareErrors.Invalid("VALUE_TOO_HIGH", "`customer_ids` must contain at most 10 entries.", "query.filter.customer_filter.customer_ids");
            }

            customers = customerIds.Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        }

        var fingerprint = Fingerprint(request, "cursor", "limit");
        List<string> ids;
        int position;
        if (request["cursor"] is { } cursorNode)
        {
            if (TakeCursor(cursorNode.ToString(), fingerprint) is not { } cursor)
            {
                return SquareErrors.Invalid("INVALID_CURSOR", "The cursor is unknown or was issued for a different query.", "cursor");
            }

            (ids, position) = (cursor.Ids, cursor.Position);
        }
        else
        {
            var until = end ?? Now;
            var key = timeField ?? sortField.ToLowerInvariant();
            lock (_gate)
            {
                var matches = _orderSequence.Select(id => _orderKeys[id])
                    .Where(o => locations.Contains(o.LocationId))
                    .Where(o => states is null || states.Contains(o.State))
                    .Where(o => customers is null || (o.CustomerId is { } c && customers.Contains(c)))
                    .Select(o => (Order: o, At: o.At(key)))
                    .Where(x => timeField is null || (x.At is { } at && (start is null || at >= start) && at <= until))
                    .ToList();

                // Stable: equal timestamps keep creation order, so pages never swap rows between requests.
                var sorted = matches.Select((x, i) => (x.Order, x.At, i)).OrderBy(x => x.At ?? DateTimeOffset.MinValue).ThenBy(x => x.i).ToList();
                if (sortOrder == "DESC")
                {
                    sorted.Reverse();
                }

                ids = sorted.Select(x => x.Order.Id).ToList();
            }

            position = 0;
        }

        var page = ids.Skip(position).Take(limit).ToList();
        var orders = new List<byte[]>(page.Count);
        var entries = new List<(string Id, long Version, string LocationId)>();
        lock (_gate)
        {
            foreach (var id in page)
            {
                if (returnEntries)
                {
                    var order = _orders[id];
                    entries.Add((id, Long(order["version"]!), order["location_id"]!.GetValue<string>()));
                }
                else
                {
                    orders.Add(_orderJson.Get(id)!);
                }
            }
        }

        var nextCursor = position + page.Count < ids.Count ? IssueCursor(new Cursor(fingerprint, ids, position + page.Count)) : null;
        return SquareResponse.Ok(Write(orders.Sum(o => o.Length) + (entries.Count * 96), writer =>
        {
            if (page.Count > 0 && returnEntries)
            {
                writer.WriteStartArray("order_entries");
                foreach (var (id, version, locationId) in entries)
                {
                    writer.WriteStartObject();
                    writer.WriteString("order_id", id);
                    writer.WriteNumber("version", version);
                    writer.WriteString("location_id", locationId);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
            else if (page.Count > 0)
            {
                writer.WritePropertyName("orders");
                WriteArray(writer, orders);
            }

            if (nextCursor is not null)
            {
                writer.WriteString("cursor", nextCursor);
            }
        }));
    }

    /// <summary>
    /// ListPaymentRefunds: <c>begin_time</c>/<c>end_time</c> bound <c>created_at</c> (default the last year up to now),
    /// <c>updated_at_begin_time</c>/<c>updated_at_end_time</c> bound <c>updated_at</c>, <c>sort_field</c> CREATED_AT
    /// (default) or UPDATED_AT, <c>sort_order</c> DESC (default) or ASC, limit ≤ 100.
    /// </summary>
    public SquareResponse ListRefunds(IReadOnlyDictionary<string, string> query)
    {
        var allowed = new[] { "begin_time", "end_time", "updated_at_begin_time", "updated_at_end_time", "sort_order", "sort_field", "cursor", "location_id", "status", "source_type", "limit" };
        if (query.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } unexpected)
        {
            return SquareErrors.Invalid("BAD_REQUEST", $"Unexpected query parameter `{unexpected}`.", unexpected);
        }

        var times = new Dictionary<string, DateTimeOffset>();
        foreach (var name in new[] { "begin_time", "end_time", "updated_at_begin_time", "updated_at_end_time" })
        {
            if (query.TryGetValue(name, out var text))
            {
                if (!SquareJson.TryParseTime(text, out var at))
                {
                    return SquareErrors.Invalid("INVALID_TIME", $"`{name}` must be an RFC 3339 timestamp.", name);
                }

                times[name] = at;
            }
        }

        var now = Now;
        var begin = times.GetValueOrDefault("begin_time", now.AddYears(-1));
        var endTime = times.GetValueOrDefault("end_time", now);
        if (begin > endTime || times.GetValueOrDefault("updated_at_begin_time", DateTimeOffset.MinValue) > times.GetValueOrDefault("updated_at_end_time", DateTimeOffset.MaxValue))
        {
            return SquareErrors.Invalid("INVALID_TIME_RANGE", "The begin time must not be after the end time.", "begin_time");
        }

        var sortOrder = query.GetValueOrDefault("sort_order", "DESC");
        var sortField = query.GetValueOrDefault("sort_field", "CREATED_AT");
        if (sortOrder is not ("ASC" or "DESC"))
        {
            return SquareErrors.Invalid("INVALID_ENUM_VALUE", $"`{sortOrder}` is not a valid sort order.", "sort_order");
        }

        if (sortField is not ("CREATED_AT" or "UPDATED_AT"))
        {
            return SquareErrors.Invalid("INVALID_ENUM_VALUE", $"`{sortField}` is not a valid sort field.", "sort_field");
        }

        if (query.TryGetValue("status", out var status) && !RefundStatuses.Contains(status))
        {
            return SquareErrors.Invalid("INVALID_ENUM_VALUE", $"`{status}` is not a valid refund status.", "status");
        }

        var limit = 100;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 100))
        {
            return SquareErrors.Invalid("INVALID_VALUE", "`limit` must be between 1 and 100.", "limit");
        }

        var fingerprint = string.Join('&', query.Where(p => p.Key is not ("cursor" or "limit")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        List<string> ids;
        int position;
        if (query.TryGetValue("cursor", out var cursorText))
        {
            if (TakeCursor(cursorText, fingerprint) is not { } cursor)
            {
                return SquareErrors.Invalid("INVALID_CURSOR", "The cursor is unknown or was issued for a different query.", "cursor");
            }

            (ids, position) = (cursor.Ids, cursor.Position);
        }
        else
        {
            lock (_gate)
            {
                var key = sortField == "UPDATED_AT" ? "updated_at" : "created_at";
                var matches = _refundSequence.Select((id, i) => (Refund: _refunds[id], i))
                    .Where(x =>
                    {
                        var created = Parsed(x.Refund["created_at"]);
                        var updated = Parsed(x.Refund["updated_at"]);
                        return created >= begin && created <= endTime
                            && (!times.TryGetValue("updated_at_begin_time", out var ub) || updated >= ub)
                            && (!times.TryGetValue("updated_at_end_time", out var ue) || updated <= ue)
                            && (!query.TryGetValue("location_id", out var location) || x.Refund["location_id"]?.GetValue<string>() == location)
                            && (status is null || x.Refund["status"]!.GetValue<string>() == status)
                            && (!query.TryGetValue("source_type", out var source) || x.Refund["destination_type"]?.GetValue<string>() == source);
                    })
                    .OrderBy(x => Parsed(x.Refund[key])).ThenBy(x => x.i).Select(x => x.Refund["id"]!.GetValue<string>()).ToList();
                if (sortOrder == "DESC")
                {
                    matches.Reverse();
                }

                ids = matches;
            }

            position = 0;
        }

        var page = ids.Skip(position).Take(limit).ToList();
        List<byte[]> refunds;
        lock (_gate)
        {
            refunds = page.Select(id => _refundJson.Get(id)!).ToList();
        }

        var nextCursor = position + page.Count < ids.Count ? IssueCursor(new Cursor(fingerprint, ids, position + page.Count)) : null;
        return SquareResponse.Ok(Write(refunds.Sum(r => r.Length), writer =>
        {
            if (refunds.Count > 0)
            {
                writer.WritePropertyName("refunds");
                WriteArray(writer, refunds);
            }

            if (nextCursor is not null)
            {
                writer.WriteString("cursor", nextCursor);
            }
        }));
    }

    /// <summary><c>{"<paramref name="property"/>": object}</c> around a cached object, without parsing or copying it into a tree.</summary>
    private static ReadOnlyMemory<byte> Wrap(string property, byte[] json) => Write(json.Length, writer =>
    {
        writer.WritePropertyName(property);
        writer.WriteRawValue(json, skipInputValidation: true);
    });

    /// <summary>A response object whose members <paramref name="members"/> writes; <paramref name="size"/> is the bytes of cached objects in it.</summary>
    private static ReadOnlyMemory<byte> Write(int size, Action<Utf8JsonWriter> members) => SquareJson.Write(
        writer =>
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        },
        size + 256);

    private static void WriteArray(Utf8JsonWriter writer, List<byte[]> objects)
    {
        writer.WriteStartArray();
        foreach (var json in objects)
        {
            // Produced by SquareJson.SerializeToUtf8 from a stored object: valid, and escaped like the rest of the body.
            writer.WriteRawValue(json, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    private static DateTimeOffset Parsed(JsonNode? node) =>
        node is not null && SquareJson.TryParseTime(node.GetValue<string>(), out var at) ? at : DateTimeOffset.MinValue;

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SquareResponse? Limit(JsonNode? node, int max, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value) || value < 1)
        {
            return SquareErrors.Invalid("INVALID_VALUE", $"`{field}` must be a positive integer.", field);
        }

        return value > max ? SquareErrors.Invalid("VALUE_TOO_HIGH", $"`{field}` must be at most {max}.", field) : null;
    }

    private static string Fingerprint(JsonObject request, params string[] ignored)
    {
        var copy = request.DeepClone().AsObject();
        foreach (var key in ignored)
        {
            copy.Remove(key);
        }

        return copy.ToJsonString();
    }

    private string IssueCursor(Cursor cursor)
    {
        lock (_gate)
        {
            // Opaque and unguessable-looking like Square's, yet deterministic for a fresh simulator.
            var token = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("cursor:" + (++_nextId).ToString(CultureInfo.InvariantCulture))))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            _cursors[token] = cursor;
            _cursorAge.Enqueue(token);
            while (_cursorAge.Count > MaxCursors)
            {
                _cursors.Remove(_cursorAge.Dequeue());
            }

            return token;
        }
    }

    private Cursor? TakeCursor(string token, string fingerprint)
    {
        lock (_gate)
        {
            return _cursors.TryGetValue(token, out var cursor) && cursor.Fingerprint == fingerprint ? cursor : null;
        }
    }

    private sealed record Cursor(string Fingerprint, List<string> Ids, int Position);
}
