namespace Connector.Sandbox.NewStore;

/// <summary>
/// The part of NewStore's GraphQL schema the simulator serves: every field name seen in reference 3.5, plus the event's
/// money fields in camelCase and a return's id, order id, time, fee and item ids ([unconfirmed] in GraphQL). A field type is a scalar (<c>String</c>, <c>Boolean</c>,
/// <c>Int</c>, <c>BigFloat</c>, <c>Datetime</c>), an object type, or <c>[Type]</c> for a list.
/// </summary>
internal static class NewStoreGraphQlSchema
{
    public static readonly IReadOnlySet<string> Scalars = new HashSet<string>(StringComparer.Ordinal) { "String", "Boolean", "Int", "BigFloat", "Datetime" };

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Types = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
    {
        ["Query"] = Fields(("order", "Order"), ("return", "Return")),
        ["Return"] = Fields(
            ("id", "String"), ("orderId", "String"), ("returnedAt", "Datetime"), ("currency", "String"), ("returnFee", "BigFloat"),
            ("totalRefundAmount", "BigFloat"), ("totalRefundAmountAdjusted", "BigFloat"), ("totalRefundExclTax", "BigFloat"),
            ("totalRefundTax", "BigFloat"), ("items", "ReturnItemsConnection"), ("order", "Order")),
        ["ReturnItem"] = Fields(("id", "String"), ("productId", "String"), ("quantity", "Int"), ("refundAmount", "BigFloat")),
        ["ReturnItemsConnection"] = Connection("ReturnItem"),
        ["ReturnItemsEdge"] = Fields(("node", "ReturnItem")),
        ["Order"] = Fields(
            ("id", "String"), ("externalId", "String"), ("channel", "String"), ("channelType", "String"), ("currency", "String"),
            ("customerEmail", "String"), ("customerId", "String"), ("demandLocationId", "String"), ("placedAt", "Datetime"),
            ("createdAt", "Datetime"), ("tenant", "String"), ("isExchange", "Boolean"), ("isHistorical", "Boolean"),
            ("priceMethod", "String"), ("subtotal", "BigFloat"), ("discountTotal", "BigFloat"), ("shippingTotal", "BigFloat"),
            ("shippingTax", "BigFloat"), ("taxTotal", "BigFloat"), ("grandTotal", "BigFloat"),
            ("items", "OrderItemsConnection"), ("discounts", "DiscountsConnection"), ("addresses", "AddressesConnection"),
            ("paymentAccount", "PaymentAccount"), ("fulfillmentRequests", "FulfillmentRequestsConnection")),
        ["OrderItem"] = Fields(
            ("id", "String"), ("productId", "String"), ("quantity", "Int"), ("status", "String"), ("listPrice", "BigFloat"),
            ("pricebookPrice", "BigFloat"), ("tax", "BigFloat"), ("itemDiscounts", "BigFloat"), ("orderDiscounts", "BigFloat"),
            ("extendedAttributes", "ExtendedAttributesConnection")),
        ["ExtendedAttribute"] = Fields(("name", "String"), ("value", "String")),
        ["Discount"] = Fields(("couponCode", "String")),
        ["Address"] = Fields(
            ("addressType", "String"), ("firstName", "String"), ("lastName", "String"), ("phone", "String"), ("country", "String"),
            ("city", "String"), ("addressLine1", "String"), ("addressLine2", "String"), ("state", "String"), ("zipCode", "String")),
        ["PaymentAccount"] = Fields(("transactions", "[Transaction]")),
        ["Transaction"] = Fields(("amount", "BigFloat"), ("currency", "String"), ("transactionType", "String"), ("instrument", "Instrument")),
        ["Instrument"] = Fields(("paymentMethod", "String"), ("paymentProvider", "String"), ("paymentWallet", "String"), ("paymentOrigin", "String")),
        ["FulfillmentRequest"] = Fields(("id", "String"), ("fulfillmentLocationId", "String"), ("serviceLevel", "String"), ("items", "FulfillmentItemsConnection")),
        ["FulfillmentItem"] = Fields(("id", "String"), ("productId", "String"), ("status", "String"), ("shippedAt", "Datetime"), ("carrier", "String"), ("trackingCode", "String")),
        ["OrderItemsConnection"] = Connection("OrderItem"),
        ["OrderItemsEdge"] = Fields(("node", "OrderItem")),
        ["DiscountsConnection"] = Connection("Discount"),
        ["DiscountsEdge"] = Fields(("node", "Discount")),
        ["AddressesConnection"] = Connection("Address"),
        ["AddressesEdge"] = Fields(("node", "Address")),
        ["ExtendedAttributesConnection"] = Connection("ExtendedAttribute"),
        ["ExtendedAttributesEdge"] = Fields(("node", "ExtendedAttribute")),
        ["FulfillmentRequestsConnection"] = Connection("FulfillmentRequest"),
        ["FulfillmentRequestsEdge"] = Fields(("node", "FulfillmentRequest")),
        ["FulfillmentItemsConnection"] = Connection("FulfillmentItem"),
        ["FulfillmentItemsEdge"] = Fields(("node", "FulfillmentItem")),
    };

    /// <summary>Whether <paramref name="type"/> is a connection (it has <c>nodes</c> and <c>edges</c>; <c>first</c> limits them).</summary>
    public static bool IsConnection(string type) => type.EndsWith("Connection", StringComparison.Ordinal);

    private static Dictionary<string, string> Fields(params (string Name, string Type)[] fields) => fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);

    private static Dictionary<string, string> Connection(string node)
    {
        var plural = node switch
        {
            "OrderItem" => "OrderItems",
            "Discount" => "Discounts",
            "Address" => "Addresses",
            "ExtendedAttribute" => "ExtendedAttributes",
            "FulfillmentRequest" => "FulfillmentRequests",
            "ReturnItem" => "ReturnItems",
            _ => "FulfillmentItems",
        };
        return Fields(("nodes", $"[{node}]"), ("edges", $"[{plural}Edge]"), ("totalCount", "Int"));
    }
}
