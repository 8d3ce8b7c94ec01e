using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Arguments of the recurring webhook retention job (none: it reads its periods from <see cref="SquareOptions"/>).</summary>
public sealed record SquareWebhookRetentionArgs;

/// <summary>Source-generated JSON for <see cref="SquareWebhookRetentionArgs"/>.</summary>
[JsonSerializable(typeof(SquareWebhookRetentionArgs))]
internal sealed partial class SquareWebhookRetentionJsonContext : JsonSerializerContext;
