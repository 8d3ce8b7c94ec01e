using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A reference to a Leat entity by its uuid, e.g. <c>contact</c> or <c>business_profile</c> on an order.</summary>
public sealed record LeatUuidRef([property: JsonPropertyName("uuid")] string Uuid);
