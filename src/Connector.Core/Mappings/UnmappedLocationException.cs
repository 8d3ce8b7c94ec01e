namespace Connector.Core.Mappings;

/// <summary>A platform location (or market) has no Leat business profile in its mapping file (permanent until the file is fixed).</summary>
public sealed class UnmappedLocationException(string platform, string locationId, string file, string shopKey = PlatformMapping.LocationsKey)
    : Exception($"{platform} {(shopKey == PlatformMapping.MarketsKey ? "market" : "location")} {locationId} has no Leat business profile: add it under \"{shopKey}\" in {file}, then replay the job.");
