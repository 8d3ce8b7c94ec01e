using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A Leat contact; orders only need <see cref="Uuid"/>.</summary>
public sealed record LeatContact
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }
}
