using System.Globalization;
using System.Text.Json;
using Connector.Platforms.CommerceLayer.Model;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary>
/// Reads Commerce Layer's JSON:API documents (API answers and webhook bodies alike) into the typed records of
/// <see cref="Model"/>, resolving relationships through <c>included</c>. Tolerant as the contract asks: unknown
/// types, attributes and enum values are ignored or kept as strings; <c>number</c> may be a JSON number or a string;
/// a money field may be a number or a numeric string; a relationship that was not included resolves to nothing.
/// A document without the expected <c>data</c> is a <see cref="CommerceLayerFormatException"/>.
/// </summary>
public static class CommerceLayerDocument
{
    /// <summary>A document whose <c>data</c> is one order.</summary>
    public static CommerceLayerOrder ReadOrder(ReadOnlySpan<byte> json) => Read(json, "orders", static (d, e) => d.Order(e));

    /// <summary>A document whose <c>data</c> is one return.</summary>
    public static CommerceLayerReturn ReadReturn(ReadOnlySpan<byte> json) => Read(json, "returns", static (d, e) => d.Return(e));

    /// <summary>A document whose <c>data</c> is one refund.</summary>
    public static CommerceLayerRefund ReadRefund(ReadOnlySpan<byte> json) => Read(json, "refunds", static (_, e) => Refund(e));

    /// <summary>A list document of orders (one page).</summary>
    public static CommerceLayerPage<CommerceLayerOrder> ReadOrders(ReadOnlySpan<byte> json) => ReadList(json, "orders", static (d, e) => d.Order(e));

    /// <summary>A list document of returns (one page).</summary>
    public static CommerceLayerPage<CommerceLayerReturn> ReadReturns(ReadOnlySpan<byte> json) => ReadList(json, "returns", static (d, e) => d.Return(e));

    /// <summary>
    /// The resource a document is about — its <c>type</c>, <c>id</c>, <c>updated_at</c> and, for returns and refunds,
    /// the id of the order they belong to (from the <c>order</c> relationship's data, when the body carries it).
    /// Webhook intake uses this to route and deduplicate before any fetch.
    /// </summary>
    public static CommerceLayerResourceRef ReadResourceRef(ReadOnlySpan<byte> json)
    {
        using var document = Parse(json);
        var data = DataObject(document.RootElement);
        var type = String(data, "type") ?? throw new CommerceLayerFormatException("The document's data has no type.");
        var id = String(data, "id") ?? throw new CommerceLayerFormatException("The document's data has no id.");
        var attributes = Attributes(data);
        var orderId = type == "orders" ? id : RelatedId(data, "order");
        return new CommerceLayerResourceRef(type, id, Date(attributes, "updated_at"), orderId, String(attributes, "status"));
    }

    private static T Read<T>(ReadOnlySpan<byte> json, string type, Func<Included, JsonElement, T> read)
    {
        using var document = Parse(json);
        var data = DataObject(document.RootElement);
        ExpectType(data, type);
        return read(new Included(document.RootElement), data);
    }

    private static CommerceLayerPage<T> ReadList<T>(ReadOnlySpan<byte> json, string type, Func<Included, JsonElement, T> read)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new CommerceLayerFormatException("A list document must have a data array.");
        }

        var included = new Included(root);
        var items = new List<T>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            ExpectType(item, type);
            items.Add(read(included, item));
        }

        var meta = Object(root, "meta");
        var hasNext = root.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object
            && links.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String;
        return new CommerceLayerPage<T>(items, Int(meta, "record_count"), Int(meta, "page_count"), hasNext);
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new CommerceLayerFormatException($"Not a JSON document: {e.Message}", e);
        }
    }

    private static JsonElement DataObject(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : throw new CommerceLayerFormatException("The document has no data object.");

    private static void ExpectType(JsonElement data, string type)
    {
        var actual = String(data, "type");
        if (actual != type)
        {
            throw new CommerceLayerFormatException($"Expected a resource of type '{type}', got '{actual ?? "(none)"}'.");
        }

        if (String(data, "id") is null)
        {
            throw new CommerceLayerFormatException($"A '{type}' resource has no id.");
        }
    }

    /// <summary>The document's <c>included</c> resources by type and id.</summary>
    private sealed class Included
    {
        private readonly Dictionary<(string Type, string Id), JsonElement> _byKey = [];

        public Included(JsonElement root)
        {
            if (root.TryGetProperty("included", out var included) && included.ValueKind == JsonValueKind.Array)
            {
                foreach (var resource in included.EnumerateArray())
                {
                    if (String(resource, "type") is { } type && String(resource, "id") is { } id)
                    {
                        _byKey.TryAdd((type, id), resource);
                    }
                }
            }
        }

        public JsonElement? Find(string type, string id) => _byKey.TryGetValue((type, id), out var resource) ? resource : null;

        /// <summary>The included resources a has-many relationship's data names, in its order.</summary>
        public IEnumerable<JsonElement> Many(JsonElement resource, string relationship)
        {
            foreach (var (type, id) in Linkages(resource, relationship))
            {
                if (type is not null && id is not null && Find(type, id) is { } found)
                {
                    yield return found;
                }
            }
        }

        public JsonElement? One(JsonElement resource, string relationship) =>
            Linkages(resource, relationship).FirstOrDefault() is ({ } type, { } id) ? Find(type, id) : null;

        public CommerceLayerOrder Order(JsonElement data)
        {
            var a = Attributes(data);
            var market = One(data, "market");
            var customer = One(data, "customer");
            return new CommerceLayerOrder
            {
                Id = String(data, "id")!,
                Number = String(a, "number"),
                Status = String(a, "status"),
                PaymentStatus = String(a, "payment_status"),
                FulfillmentStatus = String(a, "fulfillment_status"),
                Guest = Bool(a, "guest"),
                CustomerEmail = String(a, "customer_email"),
                LanguageCode = String(a, "language_code"),
                CurrencyCode = String(a, "currency_code"),
                TaxIncluded = Bool(a, "tax_included"),
                CountryCode = String(a, "country_code"),
                CouponCode = String(a, "coupon_code"),
                GiftCardCode = String(a, "gift_card_code"),
                SubtotalAmountCents = Cents(a, "subtotal_amount_cents"),
                ShippingAmountCents = Cents(a, "shipping_amount_cents"),
                PaymentMethodAmountCents = Cents(a, "payment_method_amount_cents"),
                DiscountAmountCents = Cents(a, "discount_amount_cents"),
                AdjustmentAmountCents = Cents(a, "adjustment_amount_cents"),
                GiftCardAmountCents = Cents(a, "gift_card_amount_cents"),
                TotalTaxAmountCents = Cents(a, "total_tax_amount_cents"),
                TotalAmountCents = Cents(a, "total_amount_cents"),
                TotalAmountWithTaxesCents = Cents(a, "total_amount_with_taxes_cents"),
                PlacedAt = Date(a, "placed_at"),
                ApprovedAt = Date(a, "approved_at"),
                CancelledAt = Date(a, "cancelled_at"),
                PaymentUpdatedAt = Date(a, "payment_updated_at"),
                CreatedAt = Date(a, "created_at"),
                UpdatedAt = Date(a, "updated_at"),
                MarketId = RelatedId(data, "market"),
                Market = market is { } m ? Market(m) : null,
                CustomerId = RelatedId(data, "customer"),
                CustomerAccountEmail = customer is { } c ? String(Attributes(c), "email") : null,
                LineItems = [.. Many(data, "line_items").Select(LineItem)],
                Returns = [.. Many(data, "returns").Select(r => Return(r, includeOrder: false))],
                Refunds = [.. Many(data, "refunds").Select(Refund)],
            };
        }

        public CommerceLayerReturn Return(JsonElement data) => Return(data, includeOrder: true);

        private CommerceLayerReturn Return(JsonElement data, bool includeOrder)
        {
            var a = Attributes(data);
            return new CommerceLayerReturn
            {
                Id = String(data, "id")!,
                Number = String(a, "number"),
                Status = String(a, "status"),
                CustomerEmail = String(a, "customer_email"),
                OrderId = RelatedId(data, "order"),
                Order = includeOrder && One(data, "order") is { } order ? Order(order) : null,
                EstimatedRefundAmountCents = NullableCents(a, "estimated_refund_amount_cents"),
                ApprovedAt = Date(a, "approved_at"),
                CancelledAt = Date(a, "cancelled_at"),
                ShippedAt = Date(a, "shipped_at"),
                RejectedAt = Date(a, "rejected_at"),
                ReceivedAt = Date(a, "received_at"),
                RefundedAt = Date(a, "refunded_at"),
                CreatedAt = Date(a, "created_at"),
                UpdatedAt = Date(a, "updated_at"),
                ReferenceRefundId = RelatedId(data, "reference_refund"),
                ReturnLineItems = [.. Many(data, "return_line_items").Select(ReturnLineItem)],
            };
        }
    }

    private static CommerceLayerMarket Market(JsonElement data)
    {
        var a = Attributes(data);
        return new CommerceLayerMarket { Id = String(data, "id")!, Code = String(a, "code"), Name = String(a, "name") };
    }

    private static CommerceLayerLineItem LineItem(JsonElement data)
    {
        var a = Attributes(data);
        return new CommerceLayerLineItem
        {
            Id = String(data, "id")!,
            ItemType = String(a, "item_type"),
            SkuCode = String(a, "sku_code"),
            BundleCode = String(a, "bundle_code"),
            Name = String(a, "name"),
            Quantity = (int)Cents(a, "quantity"),
            CurrencyCode = String(a, "currency_code"),
            UnitAmountCents = Cents(a, "unit_amount_cents"),
            OptionsAmountCents = Cents(a, "options_amount_cents"),
            TotalAmountCents = Cents(a, "total_amount_cents"),
            DiscountCents = Cents(a, "discount_cents"),
            DiscountBreakdown = Breakdown(a),
            TaxAmountCents = Cents(a, "tax_amount_cents"),
            TaxRate = Decimal(a, "tax_rate"),
            CouponCode = String(a, "coupon_code"),
            CreatedAt = Date(a, "created_at"),
            UpdatedAt = Date(a, "updated_at"),
        };
    }

    private static Dictionary<string, CommerceLayerDiscountShare> Breakdown(JsonElement? attributes)
    {
        var breakdown = new Dictionary<string, CommerceLayerDiscountShare>(StringComparer.Ordinal);
        if (Object(attributes, "discount_breakdown") is { } shares)
        {
            foreach (var share in shares.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
            {
                breakdown[share.Name] = new CommerceLayerDiscountShare
                {
                    Cents = Cents(share.Value, "cents"),
                    Weight = Decimal(share.Value, "weight"),
                    Name = String(share.Value, "name"),
                    CouponCode = String(share.Value, "coupon_code"),
                };
            }
        }

        return breakdown;
    }

    private static CommerceLayerReturnLineItem ReturnLineItem(JsonElement data)
    {
        var a = Attributes(data);
        return new CommerceLayerReturnLineItem
        {
            Id = String(data, "id")!,
            LineItemId = RelatedId(data, "line_item"),
            SkuCode = String(a, "sku_code"),
            BundleCode = String(a, "bundle_code"),
            Name = String(a, "name"),
            Quantity = (int)Cents(a, "quantity"),
            TotalAmountCents = Cents(a, "total_amount_cents"),
            RestockedAt = Date(a, "restocked_at"),
            CreatedAt = Date(a, "created_at"),
        };
    }

    private static CommerceLayerRefund Refund(JsonElement data)
    {
        var a = Attributes(data);
        return new CommerceLayerRefund
        {
            Id = String(data, "id")!,
            Number = String(a, "number"),
            CurrencyCode = String(a, "currency_code"),
            AmountCents = Cents(a, "amount_cents"),
            Succeeded = Bool(a, "succeeded"),
            CreatedAt = Date(a, "created_at"),
            UpdatedAt = Date(a, "updated_at"),
            OrderId = RelatedId(data, "order"),
            ReturnId = RelatedId(data, "return"),
        };
    }

    private static JsonElement? Attributes(JsonElement resource) => Object(resource, "attributes");

    private static JsonElement? Object(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static IEnumerable<(string? Type, string? Id)> Linkages(JsonElement resource, string relationship)
    {
        if (Object(Object(resource, "relationships"), relationship) is not { } rel || !rel.TryGetProperty("data", out var data))
        {
            yield break;
        }

        if (data.ValueKind == JsonValueKind.Object)
        {
            yield return (String(data, "type"), String(data, "id"));
        }
        else if (data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray())
            {
                yield return (String(item, "type"), String(item, "id"));
            }
        }
    }

    private static string? RelatedId(JsonElement resource, string relationship) => Linkages(resource, relationship).FirstOrDefault().Id;

    private static string? String(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            // Commerce Layer documents order numbers as strings and sends JSON numbers.
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static bool Bool(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value)
        && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var b) && b));

    private static long Cents(JsonElement? element, string name) => NullableCents(element, name) ?? 0;

    /// <summary>An integer amount; a fractional or non-numeric value is a format error, never rounded.</summary>
    private static long? NullableCents(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            JsonValueKind.Null => null,
            _ => throw new CommerceLayerFormatException($"'{name}' must be a whole number, got {value.GetRawText()}."),
        };
    }

    private static decimal? Decimal(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : null;

    private static int? Int(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static DateTimeOffset? Date(JsonElement? element, string name) =>
        String(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}

/// <summary>One page of a list answer; <see cref="HasNext"/> when <c>links.next</c> was present.</summary>
public sealed record CommerceLayerPage<T>(IReadOnlyList<T> Items, int? RecordCount, int? PageCount, bool HasNext);

/// <summary>What a document is about: see <see cref="CommerceLayerDocument.ReadResourceRef"/>.</summary>
public sealed record CommerceLayerResourceRef(string Type, string Id, DateTimeOffset? UpdatedAt, string? OrderId, string? Status);

/// <summary>A body that is not the JSON:API document expected.</summary>
public sealed class CommerceLayerFormatException(string message, Exception? inner = null) : Exception(message, inner);
