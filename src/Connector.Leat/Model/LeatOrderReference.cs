using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>The original order of a return: Leat requires exactly one of <see cref="Uuid"/> or <see cref="ExternalIdentifier"/>.</summary>
public sealed record LeatOrderReference(
    [property: JsonPropertyName("uuid")] string? Uuid,
    [property: JsonPropertyName("external_identifier")] string? ExternalIdentifier);
