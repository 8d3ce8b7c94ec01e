using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>The <c>data</c> of <c>orders/create-and-process</c>: the stored order and the Order Action's result (null when none ran).</summary>
public sealed record LeatOrderOutcome(
    [property: JsonPropertyName("order")] LeatOrder Order,
    [property: JsonPropertyName("result")] LeatResult? Result);
