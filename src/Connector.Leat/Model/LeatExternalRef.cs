using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A reference by our own external identifier: a product, a charge definition, or a line/charge an applied discount is linked to.</summary>
public sealed record LeatExternalRef([property: JsonPropertyName("external_identifier")] string ExternalIdentifier);
