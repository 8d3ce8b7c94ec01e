using System.Text.Json;

namespace Connector.Core.Mappings;

/// <summary>One platform's mapping file: its locations → Leat shop uuids, and the rest of the file for the platform's own rules.</summary>
public sealed record PlatformMapping(string Platform, string File, IReadOnlyDictionary<string, string> Locations, JsonElement Root);
