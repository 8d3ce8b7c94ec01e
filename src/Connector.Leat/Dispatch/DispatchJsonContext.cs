using System.Text.Json.Serialization;

namespace Connector.Leat.Dispatch;

/// <summary>JSON for what the ledger stores beside payloads: caps and reservations.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyList<ReturnCap>))]
[JsonSerializable(typeof(IReadOnlyList<PartConsumption>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DispatchJsonContext : JsonSerializerContext;
