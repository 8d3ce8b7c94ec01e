using System.Globalization;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// The GraphQL query behind <see cref="INewStoreClient.GetOrderAsync"/> and its conversion to the order document an
/// <c>order.opened</c> event carries, so the mapping has one input whichever way the order arrived.
/// </summary>
/// <remarks>
/// Field names: every field of the reference query (NewStore reference 3.5: id, externalId, channel, channelType,
/// currency, customerEmail, customerId, demandLocationId, placedAt, isExchange, isHistorical, the items' id,
/// productId, quantity, status, listPrice, pricebookPrice, tax, itemDiscounts, orderDiscounts, discounts' couponCode,
/// fulfilmentRequests' serviceLevel and items) was seen in production queries. The order totals (<c>priceMethod</c>,
/// <c>subtotal</c>, <c>discountTotal</c>, <c>shippingTotal</c>, <c>shippingTax</c>, <c>taxTotal</c>,
/// <c>grandTotal</c>) were not: they are the camelCase of the event's fields, PostGraphile style, and must be checked
/// on a sandbox tenant (GraphiQL) — an unknown field fails the whole query with a GraphQL error, which surfaces as a
/// <see cref="NewStoreApiException"/> naming it, never as a wrong amount. Not asked for, so null in the result:
/// <c>created_at</c>, <c>item_type</c>, <c>external_identifiers</c>, <c>exchanges</c> (no GraphQL name is known).
/// </remarks>
internal static class NewStoreOrderQuery
{
    public const string Text = """
        query Order($id: String!, $tenant: String!) {
          order(id: $id, tenant: $tenant) {
            id externalId channel channelType currency customerEmail customerId
            demandLocationId placedAt isExchange isHistorical
            priceMethod subtotal discountTotal shippingTotal shippingTax taxTotal grandTotal
            items { nodes { id productId quantity status listPrice pricebookPrice tax itemDiscounts orderDiscounts } }
            discounts(first: 100) { nodes { couponCode } }
            fulfillmentRequests(first: 25) { nodes { serviceLevel items { nodes { id } } } }
          }
        }
        """;

    /// <summary>The query's variables.</summary>
    public static IReadOnlyDictionary<string, string> Variables(string orderId, string tenant) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["id"] = orderId, ["tenant"] = tenant };

    /// <summary>
    /// The event-shaped order. Missing money is not guessed: an order without <c>currency</c>, <c>subtotal</c> or
    /// <c>grandTotal</c>, or an item without <c>id</c>, <c>productId</c> or <c>listPrice</c>, is refused with the field
    /// named (<see cref="FormatException"/>); other absent amounts are 0, as in an event without them.
    /// </summary>
    public static NewStoreOrder ToOrder(NewStoreGraphQLOrder order)
    {
        var id = Required(order.Id, "id", "the order");
        var where = $"order {id}";

        // An item's service level is that of the fulfilment request holding it (the event has it per item).
        var serviceLevels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var request in order.FulfillmentRequests?.Nodes ?? [])
        {
            foreach (var item in request.Items?.Nodes ?? [])
            {
                if (item.Id is { } itemId && request.ServiceLevel is { } level)
                {
                    serviceLevels.TryAdd(itemId, level);
                }
            }
        }

        return new NewStoreOrder
        {
            Id = id,
            ExternalId = order.ExternalId,
            PlacedAt = Utc(order.PlacedAt, "placedAt", where),
            ChannelType = order.ChannelType,
            Channel = order.Channel,
            DemandLocationId = order.DemandLocationId,
            CustomerEmail = order.CustomerEmail,
            CustomerId = order.CustomerId,
            IsHistorical = order.IsHistorical ?? false,
            IsExchange = order.IsExchange ?? false,
            PriceMethod = order.PriceMethod,
            Subtotal = Required(order.Subtotal, "subtotal", where),
            DiscountTotal = order.DiscountTotal ?? 0m,
            ShippingTotal = order.ShippingTotal ?? 0m,
            ShippingTax = order.ShippingTax ?? 0m,
            TaxTotal = order.TaxTotal ?? 0m,
            GrandTotal = Required(order.GrandTotal, "grandTotal", where),
            Currency = Required(order.Currency, "currency", where),
            Discounts = order.Discounts?.Nodes is { } discounts ? [.. discounts.Select(d => new NewStoreDiscount { CouponCode = d.CouponCode })] : null,
            Items = [.. (order.Items?.Nodes ?? []).Select((item, index) =>
            {
                var itemId = Required(item.Id, "id", $"item {index} of {where}");
                var at = $"item {itemId} of {where}";
                return new NewStoreOrderItem
                {
                    Id = itemId,
                    ProductId = Required(item.ProductId, "productId", at),
                    PricebookPrice = item.PricebookPrice,
                    ListPrice = Required(item.ListPrice, "listPrice", at),
                    ItemDiscounts = item.ItemDiscounts ?? 0m,
                    OrderDiscounts = item.OrderDiscounts ?? 0m,
                    Tax = item.Tax ?? 0m,
                    Quantity = item.Quantity ?? 1m,
                    Status = item.Status,
                    ShippingServiceLevel = serviceLevels.GetValueOrDefault(itemId),
                };
            })],
        };
    }

    /// <summary>
    /// A GraphQL datetime. NewStore writes them without offset, meaning UTC (<c>2024-01-02T13:45:29.678</c>); one with an
    /// offset or <c>Z</c> is read as written. Never the machine's local time zone.
    /// </summary>
    public static DateTimeOffset? Utc(string? value, string field, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new FormatException($"{field} of {where} is not a date and time: '{value}'.");
    }

    private static T Required<T>(T? value, string field, string where)
        where T : struct =>
        value ?? throw new FormatException($"{where} has no {field}.");

    private static string Required(string? value, string field, string where) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{where} has no {field}.") : value;
}
