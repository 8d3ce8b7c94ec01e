using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>
/// Square's <c>Money</c>: <paramref name="Amount"/> in the currency's smallest unit (cents; yen for JPY), never a
/// fraction. Both parts may be omitted by Square.
/// </summary>
public sealed record SquareMoney(
    [property: JsonPropertyName("amount")] long? Amount,
    [property: JsonPropertyName("currency")] string? Currency);
