using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Tests.Mapping;

/// <summary>Source-generated JSON for the few plain types the mapping tests read.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class GoldenJsonContext : JsonSerializerContext;
