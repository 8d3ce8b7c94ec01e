using System.Text.Json;

namespace Connector.Sandbox.Leat;

/// <summary>Enforces the documented order-return payload's shape; references and caps are checked against the stored order.</summary>
internal static class ReturnPayloadValidator
{
    private static readonly string[] Statuses = ["PENDING", "COMPLETED"];

    public static ParsedReturn Validate(JsonElement root, ValidationErrors errors)
    {
        string? orderUuid = null;
        string? orderExternalIdentifier = null;
        if (Fields.Object(root, "order", "order", required: true, errors) is { } order)
        {
            orderUuid = Fields.String(order, "uuid", "order.uuid", required: false, errors);
            orderExternalIdentifier = Fields.String(order, "external_identifier", "order.external_identifier", required: false, errors);
            var uuidPresent = Fields.Get(order, "uuid") is not null;
            var externalPresent = Fields.Get(order, "external_identifier") is not null;

            // Exactly one of the two (Laravel required_without + prohibits): naming both could name two different orders.
            if (!uuidPresent && !externalPresent)
            {
                errors.Add("order.uuid", "The order.uuid field is required when order.external_identifier is not present.");
                errors.Add("order.external_identifier", "The order.external_identifier field is required when order.uuid is not present.");
            }
            else if (uuidPresent && externalPresent)
            {
                errors.Add("order.uuid", "The order.uuid field prohibits order.external_identifier from being present.");
            }
        }

        var externalIdentifier = Fields.String(root, "external_identifier", "external_identifier", required: true, errors);
        var status = Fields.Enum(root, "status", "status", required: true, Statuses, errors);

        var partIds = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<ParsedReturnPart>();
        var subLines = new List<ParsedReturnPart>();
        foreach (var (key, line) in Fields.Array(root, "line_items", "line_items", required: false, errors))
        {
            var part = Part(line, key, null, partIds, errors);
            if (part is not null)
            {
                lines.Add(part);
            }

            foreach (var (subKey, sub) in Fields.Array(line, "sub_line_items", key + ".sub_line_items", required: false, errors))
            {
                if (Part(sub, subKey, part?.ExternalIdentifier ?? "", partIds, errors) is { } subPart)
                {
                    subLines.Add(subPart);
                }
            }
        }

        // The returns docs lose their indentation, so sub line items may also sit at the top level; accept both.
        foreach (var (key, sub) in Fields.Array(root, "sub_line_items", "sub_line_items", required: false, errors))
        {
            if (Part(sub, key, null, partIds, errors) is { } subPart)
            {
                subLines.Add(subPart);
            }
        }

        var discounts = Amounts(root, "applied_discounts", "amount", errors);
        var charges = Amounts(root, "charges", "total_amount", errors);
        foreach (var (key, charge) in Fields.Array(root, "charges", "charges", required: false, errors))
        {
            Fields.Amount(charge, "amount", key + ".amount", required: false, errors);
            Fields.Amount(charge, "discount_amount", key + ".discount_amount", required: false, errors);
        }

        return new ParsedReturn(externalIdentifier ?? "", status ?? "", orderUuid, orderExternalIdentifier, lines, subLines, discounts, charges);
    }

    private static ParsedReturnPart? Part(JsonElement item, string key, string? parent, HashSet<string> ids, ValidationErrors errors)
    {
        var idKey = key + ".external_identifier";
        var id = Fields.String(item, "external_identifier", idKey, required: true, errors);
        if (id is not null && !ids.Add(id))
        {
            errors.Add(idKey, $"The {idKey} field has a duplicate value.");
        }

        var quantity = Fields.Quantity(item, "quantity", key + ".quantity", required: true, allowZero: true, errors);
        var total = Fields.Amount(item, "total_amount", key + ".total_amount", required: false, errors);
        var discount = Fields.Amount(item, "discount_amount", key + ".discount_amount", required: false, errors);
        var reason = Fields.String(item, "reason", key + ".reason", required: false, errors);
        return id is null || quantity is null ? null : new ParsedReturnPart(key, id, quantity.Value, total, discount, reason, parent);
    }

    private static List<ParsedReturnAmount> Amounts(JsonElement root, string name, string amountName, ValidationErrors errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ParsedReturnAmount>();
        foreach (var (key, item) in Fields.Array(root, name, name, required: false, errors))
        {
            var idKey = key + ".external_identifier";
            var id = Fields.String(item, "external_identifier", idKey, required: true, errors);
            if (id is not null && !ids.Add(id))
            {
                errors.Add(idKey, $"The {idKey} field has a duplicate value.");
            }

            var amountKey = key + "." + amountName;
            var amount = Fields.Amount(item, amountName, amountKey, required: true, errors);
            if (id is not null && amount is not null)
            {
                result.Add(new ParsedReturnAmount(key, amountKey, id, amount.Value));
            }
        }

        return result;
    }
}
