using System.Text.Json;

namespace Connector.Core.Mappings;

/// <summary>
/// One platform's mapping file: its locations → Leat shop uuids, and the rest of the file for the platform's own rules.
/// The shop map is under <see cref="LocationsKey"/>, or <see cref="MarketsKey"/> for a platform whose orders belong to
/// markets (Commerce Layer); <see cref="ShopKey"/> says which the file used.
/// </summary>
public sealed record PlatformMapping(string Platform, string File, IReadOnlyDictionary<string, string> Locations, JsonElement Root, string ShopKey = PlatformMapping.LocationsKey)
{
    public const string LocationsKey = "locations";

    public const string MarketsKey = "markets";
}
