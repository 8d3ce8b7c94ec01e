using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>Leat's success envelope <c>{"data": …, "meta": …}</c>; <c>meta</c> is ignored.</summary>
public sealed record LeatData<T>([property: JsonPropertyName("data")] T? Data);
