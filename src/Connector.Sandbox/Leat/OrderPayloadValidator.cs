using System.Text.Json;

namespace Connector.Sandbox.Leat;

/// <summary>Enforces the documented order payload (create, create-and-process and the looser simulate).</summary>
internal static class OrderPayloadValidator
{
    public static readonly string[] Statuses = ["CREATED", "PENDING", "COMPLETED", "CANCELLED"];
    public static readonly string[] PaymentStatuses = ["UNPAID", "PENDING", "PAID"];
    private static readonly string[] DiscountTypes = ["PERCENTAGE", "ABSOLUTE"];
    private static readonly string[] AppliedTo = ["ORDER", "ORDER_LINES"];

    // The simulate docs list a different applied_to enum than create; accept both spellings there only.
    private static readonly string[] SimulateAppliedTo = ["ORDER", "ORDER_LINES", "LINE_ITEMS", "SUB_LINE_ITEMS"];
    private static readonly string[] LineResultTypes = ["GIFTCARD_TRANSACTION", "PREPAID_TRANSACTION", "VOUCHER"];
    private static readonly string[] OfferTypes = ["REWARD_REDEMPTION", "COLLECTABLE_REWARD_REDEMPTION", "VOUCHER_REDEMPTION"];
    private static readonly string[] PaymentTypes = ["GIFTCARD_TRANSACTION", "PREPAID_TRANSACTION"];

    /// <summary>Validates; the result is only meaningful when <paramref name="errors"/> stays empty.</summary>
    public static ParsedOrder Validate(
        JsonElement root,
        bool simulate,
        string defaultCurrency,
        Func<string, bool> contactExists,
        Func<string, bool> shopExists,
        ValidationErrors errors)
    {
        var externalIdentifier = simulate ? null : Fields.String(root, "external_identifier", "external_identifier", required: true, errors);
        Fields.String(root, "reference", "reference", required: false, errors);
        var status = Fields.Enum(root, "status", "status", required: !simulate, Statuses, errors);
        var paymentStatus = Fields.Enum(root, "payment_status", "payment_status", required: !simulate, PaymentStatuses, errors);
        Fields.Amount(root, "total_order_amount", "total_order_amount", required: true, errors);
        Fields.Amount(root, "order_amount", "order_amount", required: false, errors);
        Fields.Amount(root, "total_discount_amount", "total_discount_amount", required: false, errors);
        Fields.Currency(root, "currency", errors);
        Fields.Date(root, "paid_at", errors);
        Fields.Date(root, "completed_at", errors);

        string? contactUuid = null;
        if (Fields.Object(root, "contact", "contact", required: !simulate, errors) is { } contact)
        {
            contactUuid = Fields.String(contact, "uuid", "contact.uuid", required: true, errors);
            if (contactUuid is not null && !contactExists(contactUuid))
            {
                errors.Add("contact.uuid", "The selected contact.uuid is invalid.");
            }
        }

        string? shopUuid = null;
        if (Fields.Object(root, "business_profile", "business_profile", required: true, errors) is { } profile)
        {
            shopUuid = Fields.String(profile, "uuid", "business_profile.uuid", required: true, errors);
            if (shopUuid is not null && !shopExists(shopUuid))
            {
                errors.Add("business_profile.uuid", "The selected business_profile.uuid is invalid.");
            }
        }

        // Line and sub line identifiers share one namespace: returns and discounts refer to either by it.
        var partIds = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<ParsedPart>();
        var subLines = new List<ParsedPart>();
        foreach (var (key, line) in Fields.Array(root, "line_items", "line_items", required: true, errors))
        {
            var part = ValidatePart(line, key, simulate, null, partIds, errors);
            lines.Add(part);
            if (Fields.Object(line, "result", key + ".result", required: false, errors) is { } result)
            {
                Fields.String(result, "uuid", key + ".result.uuid", required: true, errors);
                Fields.Enum(result, "type", key + ".result.type", required: true, LineResultTypes, errors);
            }

            foreach (var (subKey, sub) in Fields.Array(line, "sub_line_items", key + ".sub_line_items", required: false, errors))
            {
                subLines.Add(ValidatePart(sub, subKey, simulate, part.ExternalIdentifier, partIds, errors));
            }
        }

        var chargeIds = new HashSet<string>(StringComparer.Ordinal);
        var charges = new List<ParsedCharge>();
        foreach (var (key, charge) in Fields.Array(root, "charges", "charges", required: false, errors))
        {
            var id = Identifier(charge, key, simulate, chargeIds, errors);
            Fields.String(charge, "name", key + ".name", required: true, errors);
            Fields.String(charge, "type", key + ".type", required: false, errors);
            Fields.Amount(charge, "amount", key + ".amount", required: false, errors);
            Fields.Amount(charge, "discount_amount", key + ".discount_amount", required: false, errors);
            var total = Fields.Amount(charge, "total_amount", key + ".total_amount", required: true, errors);
            if (Fields.Object(charge, "charge_definition", key + ".charge_definition", required: false, errors) is { } definition)
            {
                Fields.String(definition, "external_identifier", key + ".charge_definition.external_identifier", required: !simulate, errors);
            }

            charges.Add(new ParsedCharge(id, total ?? 0));
        }

        var lineIds = lines.Select(l => l.ExternalIdentifier).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var subLineIds = subLines.Select(l => l.ExternalIdentifier).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var discountIds = new HashSet<string>(StringComparer.Ordinal);
        var discounts = new List<ParsedDiscount>();
        foreach (var (key, discount) in Fields.Array(root, "applied_discounts", "applied_discounts", required: false, errors))
        {
            var id = Identifier(discount, key, simulate, discountIds, errors);
            Fields.String(discount, "name", key + ".name", required: true, errors);
            var amount = Fields.Amount(discount, "amount", key + ".amount", required: true, errors);
            Fields.Enum(discount, "type", key + ".type", required: false, DiscountTypes, errors);
            Fields.Number(discount, "value", key + ".value", required: false, errors);
            var appliedTo = Fields.Enum(discount, "applied_to", key + ".applied_to", required: true, simulate ? SimulateAppliedTo : AppliedTo, errors);
            References(discount, "line_items", key, lineIds, errors);
            References(discount, "sub_line_items", key, subLineIds, errors);
            References(discount, "charges", key, chargeIds, errors);
            if (Fields.Object(discount, "offer", key + ".offer", required: false, errors) is { } offer)
            {
                Fields.String(offer, "uuid", key + ".offer.uuid", required: true, errors);
                Fields.Enum(offer, "type", key + ".offer.type", required: true, OfferTypes, errors);
            }

            discounts.Add(new ParsedDiscount(id, amount ?? 0, appliedTo ?? "ORDER"));
        }

        foreach (var (key, payment) in Fields.Array(root, "payments", "payments", required: false, errors))
        {
            Fields.String(payment, "uuid", key + ".uuid", required: true, errors);
            Fields.Enum(payment, "type", key + ".type", required: true, PaymentTypes, errors);
        }

        var currency = Fields.Get(root, "currency") is { ValueKind: JsonValueKind.String } c ? c.GetString()! : defaultCurrency;
        return new ParsedOrder(
            externalIdentifier ?? "",
            status ?? "CREATED",
            paymentStatus ?? "UNPAID",
            contactUuid,
            shopUuid ?? "",
            currency,
            lines,
            subLines,
            discounts,
            charges);
    }

    private static ParsedPart ValidatePart(JsonElement item, string key, bool simulate, string? parent, HashSet<string> ids, ValidationErrors errors)
    {
        var id = Identifier(item, key, simulate, ids, errors);
        Fields.String(item, "name", key + ".name", required: true, errors);
        var quantity = Fields.Quantity(item, "quantity", key + ".quantity", required: true, allowZero: false, errors);
        Fields.Amount(item, "price", key + ".price", required: true, errors);
        var total = Fields.Amount(item, "total_amount", key + ".total_amount", required: true, errors);
        var discount = Fields.Amount(item, "discount_amount", key + ".discount_amount", required: false, errors);
        if (Fields.Object(item, "product", key + ".product", required: false, errors) is { } product)
        {
            Fields.String(product, "external_identifier", key + ".product.external_identifier", required: !simulate, errors);
        }

        return new ParsedPart(id, quantity ?? 0, total ?? 0, discount ?? 0, parent);
    }

    /// <summary>The item's external identifier: required except on simulate, distinct within its namespace.</summary>
    private static string? Identifier(JsonElement item, string key, bool simulate, HashSet<string> ids, ValidationErrors errors)
    {
        var fieldKey = key + ".external_identifier";
        var id = Fields.String(item, "external_identifier", fieldKey, required: !simulate, errors);
        if (id is not null && !ids.Add(id))
        {
            errors.Add(fieldKey, $"The {fieldKey} field has a duplicate value.");
        }

        return id;
    }

    private static void References(JsonElement discount, string name, string key, HashSet<string> known, ValidationErrors errors)
    {
        foreach (var (refKey, reference) in Fields.Array(discount, name, key + "." + name, required: false, errors))
        {
            var id = Fields.String(reference, "external_identifier", refKey + ".external_identifier", required: true, errors);
            if (id is not null && !known.Contains(id))
            {
                errors.Add(refKey + ".external_identifier", $"The selected {refKey}.external_identifier is invalid.");
            }
        }
    }
}
