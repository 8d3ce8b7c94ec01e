using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A payment with a Leat object (gift card or prepaid transaction); cards and cash are never sent.</summary>
public sealed record LeatPayment(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("type")] string Type);
