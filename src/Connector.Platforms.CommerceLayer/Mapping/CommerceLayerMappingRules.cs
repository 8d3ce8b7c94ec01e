using System.Text.Json;
using Connector.Core.Mappings;

namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>When a Commerce Layer sale is sent to Leat (<c>orderTrigger</c>).</summary>
public enum CommerceLayerOrderTrigger
{
    /// <summary><c>placed</c>: as soon as the order is placed.</summary>
    Placed,

    /// <summary><c>approved</c> (default): once the merchant approved it (the usual moment to award points).</summary>
    Approved,

    /// <summary><c>paid</c>: once its payment is captured.</summary>
    Paid,
}

/// <summary>When a Commerce Layer return is sent to Leat (<c>returnTrigger</c>).</summary>
public enum CommerceLayerReturnTrigger
{
    /// <summary><c>received</c> (default): the goods are back.</summary>
    Received,

    /// <summary><c>refunded</c>: the money is back.</summary>
    Refunded,
}

/// <summary>What a refund made without a return does (<c>refunds</c>).</summary>
public enum CommerceLayerRefundRule
{
    /// <summary><c>spread</c> (default): a Leat return of the amount, spread over what remains returnable.</summary>
    Spread,

    /// <summary><c>ignore</c>: recorded as skipped.</summary>
    Ignore,
}

/// <summary>
/// The merchant-editable Commerce Layer rules from <c>mappings/commercelayer.json</c> (everything but <c>markets</c>,
/// which <see cref="PlatformMappings"/> resolves). Read once at start; a wrong value stops the service with a message
/// naming the file and the key.
/// </summary>
public sealed record CommerceLayerMappingRules
{
    private static readonly string[] KnownKeys = ["markets", "orderTrigger", "returnTrigger", "refunds", "giftCardPurchasesEarnPoints"];

    public static CommerceLayerMappingRules Default { get; } = new();

    public CommerceLayerOrderTrigger OrderTrigger { get; init; } = CommerceLayerOrderTrigger.Approved;

    public CommerceLayerReturnTrigger ReturnTrigger { get; init; } = CommerceLayerReturnTrigger.Received;

    public CommerceLayerRefundRule Refunds { get; init; } = CommerceLayerRefundRule.Spread;

    /// <summary>
    /// <c>giftCardPurchasesEarnPoints</c> (default false): a gift card bought in the order is left out of the Leat order
    /// (points are earned when the card is spent, not when it is bought); true sends it as a line like any product.
    /// </summary>
    public bool GiftCardPurchasesEarnPoints { get; init; }

    /// <summary>The rules in the commercelayer mapping file, or <see cref="Default"/> when there is none.</summary>
    /// <exception cref="MappingException">A key has a wrong value; the message names the file and the key.</exception>
    public static CommerceLayerMappingRules From(PlatformMappings mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        return mappings.Find(Sync.CommerceLayerPlatformName.Value) is { } mapping ? FromJson(mapping.Root, mapping.File) : Default;
    }

    /// <summary>Reads the rules from the root object of a commercelayer mapping file named <paramref name="file"/>.</summary>
    /// <exception cref="MappingException">A key has a wrong value; the message names the file and the key.</exception>
    public static CommerceLayerMappingRules FromJson(JsonElement root, string file = "commercelayer.json")
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new MappingException($"{file}: the file must hold a JSON object.");
        }

        var rules = Default;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            rules = property.Name switch
            {
                "markets" => rules,
                "orderTrigger" => rules with
                {
                    OrderTrigger = Word(value) switch
                    {
                        "placed" => CommerceLayerOrderTrigger.Placed,
                        "approved" => CommerceLayerOrderTrigger.Approved,
                        "paid" => CommerceLayerOrderTrigger.Paid,
                        _ => throw new MappingException($"{file}: \"orderTrigger\" must be \"placed\", \"approved\" or \"paid\", not {value.GetRawText()}."),
                    },
                },
                "returnTrigger" => rules with
                {
                    ReturnTrigger = Word(value) switch
                    {
                        "received" => CommerceLayerReturnTrigger.Received,
                        "refunded" => CommerceLayerReturnTrigger.Refunded,
                        _ => throw new MappingException($"{file}: \"returnTrigger\" must be \"received\" or \"refunded\", not {value.GetRawText()}."),
                    },
                },
                "refunds" => rules with
                {
                    Refunds = Word(value) switch
                    {
                        "spread" => CommerceLayerRefundRule.Spread,
                        "ignore" => CommerceLayerRefundRule.Ignore,
                        _ => throw new MappingException(
                            $"{file}: \"refunds\" must be \"spread\" (a refund without a return becomes a Leat return spread over what remains) or \"ignore\", not {value.GetRawText()}."),
                    },
                },
                "giftCardPurchasesEarnPoints" => rules with
                {
                    GiftCardPurchasesEarnPoints = value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? value.GetBoolean()
                        : throw new MappingException($"{file}: \"giftCardPurchasesEarnPoints\" must be true or false, not {value.GetRawText()}."),
                },
                var key when key.StartsWith("//", StringComparison.Ordinal) => rules,
                var key => throw new MappingException(
                    $"{file}: unknown key \"{key}\"; the Commerce Layer mapping file knows {string.Join(", ", KnownKeys.Select(k => $"\"{k}\""))} (and \"//\" comments)."),
            };
        }

        return rules;
    }

    private static string? Word(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim().ToLowerInvariant() : null;
}
