using System.Text.Json.Nodes;

namespace Connector.Sandbox.Square;

/// <summary>
/// What SearchOrders filters and sorts on, read once per order change instead of parsing every order's timestamps on
/// every search.
/// </summary>
internal sealed record SquareOrderKeys(string Id, string LocationId, string State, string? CustomerId, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? ClosedAt)
{
    public static SquareOrderKeys From(JsonObject order) => new(
        order["id"]!.GetValue<string>(),
        order["location_id"]!.GetValue<string>(),
        order["state"]!.GetValue<string>(),
        order["customer_id"]?.GetValue<string>(),
        Time(order["created_at"]),
        Time(order["updated_at"]),
        Time(order["closed_at"]));

    /// <summary>The timestamp named by a search's field (<c>created_at</c>, <c>updated_at</c> or <c>closed_at</c>); null when the order has none.</summary>
    public DateTimeOffset? At(string field) => field switch
    {
        "created_at" => CreatedAt,
        "updated_at" => UpdatedAt,
        "closed_at" => ClosedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a searchable order timestamp."),
    };

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is not null && SquareJson.TryParseTime(node.GetValue<string>(), out var at) ? at : null;
}
