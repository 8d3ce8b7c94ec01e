using System.Text.Json.Serialization;

namespace Connector.Host.Sandbox;

/// <summary>Arguments of the sandbox jobs: the number of the sample sale.</summary>
internal sealed record SandboxSale([property: JsonPropertyName("n")] int Number);

[JsonSerializable(typeof(SandboxSale))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
