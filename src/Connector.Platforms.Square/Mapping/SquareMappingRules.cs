using System.Collections.Frozen;
using System.Text.Json;
using Connector.Core.Mappings;
using Connector.Leat.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// The merchant-editable Square rules from <c>mappings/square.json</c> (everything but <c>locations</c>, which
/// <see cref="PlatformMappings"/> resolves). Read once at start; a wrong key stops the service with a message naming
/// the file and the key, rather than failing on the first order.
/// </summary>
public sealed record SquareMappingRules
{
    /// <summary>The Square order states that may be synced as sales (OPEN, COMPLETED); CANCELED and DRAFT orders were never paid.</summary>
    public static readonly IReadOnlySet<string> AllowedSaleStates = new[] { "COMPLETED", "OPEN" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] KnownKeys =
        ["locations", "sale_states", "tax_rule", "tax_charge_name", "tip_charge_name", "custom_amount_name", "service_charge_definitions"];

    /// <summary>Rules when square.json says nothing: COMPLETED sales, additive tax as one TAX charge.</summary>
    public static SquareMappingRules Default { get; } = new();

    /// <summary>Square order states that are synced as sales (<c>sale_states</c>, default <c>["COMPLETED"]</c>).</summary>
    public IReadOnlySet<string> SaleStates { get; init; } = new[] { "COMPLETED" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What happens to ADDITIVE taxes (<c>tax_rule</c>, default <see cref="SquareTaxRule.Charge"/>).</summary>
    public SquareTaxRule TaxRule { get; init; } = SquareTaxRule.Charge;

    /// <summary>Name of the TAX charge (and of the per-line tax sub line items under the fold rule), <c>tax_charge_name</c>.</summary>
    public string TaxChargeName { get; init; } = "Tax";

    /// <summary>Name of the GRATUITY charge that holds the tips, <c>tip_charge_name</c>.</summary>
    public string TipChargeName { get; init; } = "Tip";

    /// <summary>Line name for custom-amount lines that Square sent without a name, <c>custom_amount_name</c>.</summary>
    public string CustomAmountName { get; init; } = "Custom amount";

    /// <summary>
    /// Service charge name → Leat charge definition external identifier (<c>service_charge_definitions</c>), matched
    /// case-insensitively on the trimmed name; overrides the default (AUTO_GRATUITY → GRATUITY, others SERVICE_CHARGE).
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceChargeDefinitions { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rules in the square mapping file, or <see cref="Default"/> when there is none.</summary>
    /// <exception cref="MappingException">A key has a wrong value; the message names the file and the key.</exception>
    public static SquareMappingRules From(PlatformMappings mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        return mappings.Find("square") is { } mapping ? FromJson(mapping.Root, mapping.File) : Default;
    }

    /// <summary>Reads the rules from the root object of a square mapping file named <paramref name="file"/>.</summary>
    /// <exception cref="MappingException">A key has a wrong value; the message names the file and the key.</exception>
    public static SquareMappingRules FromJson(JsonElement root, string file = "square.json")
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new MappingException($"{file}: the file must hold a JSON object.");
        }

        var rules = Default;
        foreach (var property in root.EnumerateObject())
        {
            var key = property.Name;
            var value = property.Value;
            rules = key switch
            {
                "locations" => rules,
                "sale_states" => rules with { SaleStates = ReadStates(file, value) },
                "tax_rule" => rules with { TaxRule = ReadTaxRule(file, value) },
                "tax_charge_name" => rules with { TaxChargeName = ReadName(file, key, value) },
                "tip_charge_name" => rules with { TipChargeName = ReadName(file, key, value) },
                "custom_amount_name" => rules with { CustomAmountName = ReadName(file, key, value) },
                "service_charge_definitions" => rules with { ServiceChargeDefinitions = ReadDefinitions(file, value) },
                _ when key.StartsWith("//", StringComparison.Ordinal) => rules,
                _ => throw new MappingException(
                    $"{file}: unknown key \"{key}\"; the Square mapping file knows {string.Join(", ", KnownKeys.Select(k => $"\"{k}\""))} (and \"//\" comments)."),
            };
        }

        return rules;
    }

    /// <summary>
    /// The Leat charge definition of a Square service charge: the name override if there is one, otherwise GRATUITY for
    /// Square's AUTO_GRATUITY and SERVICE_CHARGE for everything else.
    /// </summary>
    public string ChargeDefinitionFor(string? serviceChargeName, string? serviceChargeType) =>
        serviceChargeName is not null && ServiceChargeDefinitions.TryGetValue(serviceChargeName.Trim(), out var definition)
            ? definition
            : serviceChargeType == "AUTO_GRATUITY" ? LeatChargeDefinitions.Gratuity : LeatChargeDefinitions.ServiceCharge;

    private static FrozenSet<string> ReadStates(string file, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw new MappingException($"{file}: \"sale_states\" must be a non-empty array of Square order states, e.g. [\"COMPLETED\"].");
        }

        var states = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var state = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim().ToUpperInvariant() : null;
            if (state is null || !AllowedSaleStates.Contains(state))
            {
                throw new MappingException(
                    $"{file}: \"sale_states\" contains {item.GetRawText()}; allowed are \"COMPLETED\" and \"OPEN\" (CANCELED and DRAFT orders were never paid).");
            }

            states.Add(state);
        }

        return states.ToFrozenSet(StringComparer.Ordinal);
    }

    private static SquareTaxRule ReadTaxRule(string file, JsonElement value) =>
        (value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim().ToLowerInvariant() : null) switch
        {
            "charge" => SquareTaxRule.Charge,
            "fold" => SquareTaxRule.Fold,
            _ => throw new MappingException(
                $"{file}: \"tax_rule\" must be \"charge\" (additive taxes as one TAX charge) or \"fold\" (each line carries its own tax), not {value.GetRawText()}."),
        };

    private static string ReadName(string file, string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new MappingException($"{file}: \"{key}\" must be a non-empty string, not {value.GetRawText()}.");

    private static FrozenDictionary<string, string> ReadDefinitions(string file, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new MappingException(
                $"{file}: \"service_charge_definitions\" must be an object of \"<service charge name>\": \"<Leat charge definition>\", e.g. {{\"Delivery\": \"SHIPPING\"}}.");
        }

        var definitions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in value.EnumerateObject())
        {
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new MappingException($"{file}: \"service_charge_definitions\" has an empty service charge name.");
            }

            definitions[entry.Name.Trim()] = entry.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(entry.Value.GetString())
                ? entry.Value.GetString()!.Trim()
                : throw new MappingException(
                    $"{file}: service_charge_definitions.{entry.Name} must be a Leat charge definition external identifier (e.g. \"SERVICE_CHARGE\", \"GRATUITY\", \"SHIPPING\"), not {entry.Value.GetRawText()}.");
        }

        return definitions.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
