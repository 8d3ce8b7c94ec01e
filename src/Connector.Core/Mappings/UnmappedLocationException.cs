namespace Connector.Core.Mappings;

/// <summary>A platform location has no Leat business profile in its mapping file (permanent until the file is fixed).</summary>
public sealed class UnmappedLocationException(string platform, string locationId, string file)
    : Exception($"{platform} location {locationId} has no Leat business profile: add it under \"locations\" in {file}, then replay the job.");
