using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Leat.Model;

namespace Connector.Leat;

/// <summary>
/// The one source-generated JSON context of Connector.Leat. Writing omits nulls (Leat treats a present <c>null</c>
/// differently from an absent optional field); reading tolerates trailing commas and numbers sent as strings because
/// Leat's own documented examples contain both.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(LeatOrderRequest))]
[JsonSerializable(typeof(LeatOrderReturnRequest))]
[JsonSerializable(typeof(LeatOrderUpdate))]
[JsonSerializable(typeof(LeatOrder))]
[JsonSerializable(typeof(LeatOrderReturn))]
[JsonSerializable(typeof(LeatResult))]
[JsonSerializable(typeof(LeatContact))]
[JsonSerializable(typeof(LeatShop))]
[JsonSerializable(typeof(LeatData<LeatOrderOutcome>))]
[JsonSerializable(typeof(LeatData<LeatReturnOutcome>))]
[JsonSerializable(typeof(LeatData<LeatOrder>))]
[JsonSerializable(typeof(LeatData<LeatOrderReturn>))]
[JsonSerializable(typeof(LeatData<LeatContact>))]
[JsonSerializable(typeof(LeatData<LeatShop>))]
[JsonSerializable(typeof(LeatData<IReadOnlyList<LeatShop>>))]
[JsonSerializable(typeof(LeatData<JsonElement>))]
[JsonSerializable(typeof(LeatErrorBody))]
public sealed partial class LeatJsonContext : JsonSerializerContext;
