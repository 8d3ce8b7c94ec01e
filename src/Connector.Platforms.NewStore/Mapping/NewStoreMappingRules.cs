using System.Collections.Frozen;
using System.Text.Json;
using Connector.Core.Mappings;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// The merchant-editable NewStore rules from <c>mappings/newstore.json</c> (everything but <c>locations</c>, which
/// <see cref="PlatformMappings"/> resolves). Read once at start; a wrong value stops the service with a message naming
/// the file and the key. Orders without a customer email follow the connector-wide <c>Leat:Dispatch:MissingEmail</c>
/// policy, as Square's do.
/// </summary>
public sealed record NewStoreMappingRules
{
    private static readonly string[] KnownKeys = ["locations", "skip_historical", "channels", "appeasements"];

    /// <summary>Rules when newstore.json says nothing: historical orders and returns skipped, every channel, appeasements spread.</summary>
    public static NewStoreMappingRules Default { get; } = new();

    /// <summary><c>skip_historical</c> (default true): orders and returns imported as history (<c>is_historical</c>) are recorded as skipped.</summary>
    public bool SkipHistorical { get; init; } = true;

    /// <summary><c>channels</c>: the <c>channel_type</c>s whose sales sync (compared case-insensitively); null (the default) syncs every channel.</summary>
    public IReadOnlySet<string>? Channels { get; init; }

    /// <summary><c>appeasements</c> (default <see cref="NewStoreAppeasementRule.Spread"/>).</summary>
    public NewStoreAppeasementRule Appeasements { get; init; } = NewStoreAppeasementRule.Spread;

    /// <summary>True when a sale of <paramref name="channelType"/> syncs.</summary>
    public bool SyncsChannel(string? channelType) => Channels is null || (channelType is not null && Channels.Contains(channelType.Trim()));

    /// <summary>The rules in the newstore mapping file, or <see cref="Default"/> when there is none.</summary>
    /// <exception cref="MappingException">A key has a wrong value; the message names the file and the key.</exception>
    public static NewStoreMappingRules From(PlatformMappings mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        return mappings.Find("newstore") is { } mapping ? FromJson(mapping.Root, mapping.File) : Default;
    }

    /// <summary>Reads the rules from the root object of a newstore mapping file named <paramref name="file"/>.</summary>
    /// <exception cref="MappingException">A key has a wrong value; the message names the file and the key.</exception>
    public static NewStoreMappingRules FromJson(JsonElement root, string file = "newstore.json")
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
                "skip_historical" => rules with
                {
                    SkipHistorical = value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? value.GetBoolean()
                        : throw new MappingException($"{file}: \"skip_historical\" must be true or false, not {value.GetRawText()}."),
                },
                "channels" => rules with { Channels = ReadChannels(file, value) },
                "appeasements" => rules with { Appeasements = ReadAppeasements(file, value) },
                _ when key.StartsWith("//", StringComparison.Ordinal) => rules,
                _ => throw new MappingException(
                    $"{file}: unknown key \"{key}\"; the NewStore mapping file knows {string.Join(", ", KnownKeys.Select(k => $"\"{k}\""))} (and \"//\" comments)."),
            };
        }

        return rules;
    }

    private static FrozenSet<string> ReadChannels(string file, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw new MappingException($"{file}: \"channels\" must be a non-empty array of NewStore channel types, e.g. [\"store\", \"web\"]; leave it out to sync every channel.");
        }

        var channels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new MappingException($"{file}: \"channels\" contains {item.GetRawText()}; each entry must be a channel_type such as \"store\", \"web\" or \"mobile\".");
            }

            channels.Add(item.GetString()!.Trim());
        }

        return channels.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    private static NewStoreAppeasementRule ReadAppeasements(string file, JsonElement value) =>
        (value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim().ToLowerInvariant() : null) switch
        {
            "spread" => NewStoreAppeasementRule.Spread,
            "ignore" => NewStoreAppeasementRule.Ignore,
            _ => throw new MappingException(
                $"{file}: \"appeasements\" must be \"spread\" (a Leat return of the amount over what remains returnable) or \"ignore\" (recorded as skipped), not {value.GetRawText()}."),
        };
}
