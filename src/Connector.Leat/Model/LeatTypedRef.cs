using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A reference to a Leat object of a given type: a line item's <c>result</c> or an applied discount's <c>offer</c>.</summary>
public sealed record LeatTypedRef(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("type")] string Type);
