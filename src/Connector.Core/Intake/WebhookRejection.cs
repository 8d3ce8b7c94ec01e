namespace Connector.Core.Intake;

/// <summary>A refused delivery as recorded in <c>intake.webhook_rejection</c>.</summary>
public sealed record WebhookRejection(
    DateTimeOffset ReceivedAt,
    int StatusCode,
    string Reason,
    bool SignatureValid,
    long? BodySize,
    string? EventId,
    string? RemoteAddress,
    string? Body);
