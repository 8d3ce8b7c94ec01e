using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>The <c>data</c> of <c>order-returns/create-and-process</c>: the stored return and the correcting result (null when none ran).</summary>
public sealed record LeatReturnOutcome(
    [property: JsonPropertyName("return")] LeatOrderReturn Return,
    [property: JsonPropertyName("result")] LeatResult? Result);
