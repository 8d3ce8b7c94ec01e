using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>The part of an applied discount that is given back by a return.</summary>
public sealed record LeatReturnDiscount(
    [property: JsonPropertyName("external_identifier")] string ExternalIdentifier,
    [property: JsonPropertyName("amount")] long Amount);
