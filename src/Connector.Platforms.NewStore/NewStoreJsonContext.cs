using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Platforms.NewStore.Client;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore;

/// <summary>
/// The one source-generated JSON context of Connector.Platforms.NewStore. Wire names are explicit
/// (<c>[JsonPropertyName]</c>, NewStore's snake_case). Reading ignores unknown members and accepts numbers written as
/// strings (integrators' fixtures do both); enum-like values are plain strings so an unknown value never fails a
/// read. Writing omits nulls.
/// </summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(NewStoreEvent))]
[JsonSerializable(typeof(NewStoreOrder))]
[JsonSerializable(typeof(NewStoreReturn))]
[JsonSerializable(typeof(NewStoreCancellation))]
[JsonSerializable(typeof(NewStoreRefundRequest))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(NewStoreToken))]
[JsonSerializable(typeof(NewStoreIdentityError))]
[JsonSerializable(typeof(NewStoreErrorBody))]
[JsonSerializable(typeof(NewStoreGraphQLRequest))]
[JsonSerializable(typeof(NewStoreGraphQLResponse<NewStoreGraphQLOrderData>))]
[JsonSerializable(typeof(NewStoreIntegration))]
[JsonSerializable(typeof(NewStoreIntegrationList))]
[JsonSerializable(typeof(NewStoreIntegrationUpdate))]
public sealed partial class NewStoreJsonContext : JsonSerializerContext;
