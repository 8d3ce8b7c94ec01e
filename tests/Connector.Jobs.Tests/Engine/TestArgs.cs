using System.Text.Json.Serialization;

namespace Connector.Jobs.Tests.Engine;

internal sealed record TestArgs([property: JsonPropertyName("n")] int N);
