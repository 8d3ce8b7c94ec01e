namespace Connector.Core.Intake;

/// <summary>One received webhook event as ops see it; the body is left out (it may carry customer data).</summary>
/// <param name="Platform">The platform that sent it, e.g. <c>square</c>.</param>
/// <param name="EventId">The platform's event id (unique per platform).</param>
/// <param name="EventType">e.g. <c>order.updated</c>.</param>
/// <param name="ObjectType">The type of the object it is about, e.g. <c>order</c>.</param>
/// <param name="ObjectId">The platform's id of that object.</param>
/// <param name="ReceivedAt">When it was received (UTC).</param>
/// <param name="WorkKey">The keyed work it requested (<c>square:order:ORD1</c>), if any.</param>
public sealed record WebhookEventRow(
    string Platform,
    string EventId,
    string EventType,
    string? ObjectType,
    string? ObjectId,
    DateTimeOffset ReceivedAt,
    string? WorkKey);
