namespace Connector.Platforms.Square.Webhooks;

/// <summary>A refused delivery as recorded in <c>square.webhook_rejection</c>.</summary>
internal sealed record SquareWebhookRejection(
    DateTimeOffset ReceivedAt,
    int StatusCode,
    string Reason,
    bool SignatureValid,
    long? BodySize,
    string? EventId,
    string? RemoteAddress,
    string? Body);
