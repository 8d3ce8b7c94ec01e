namespace Connector.Sandbox.Square;

/// <summary>One delivery attempt of a webhook event.</summary>
/// <param name="EventId">The event's <c>event_id</c>.</param>
/// <param name="Type">Event type.</param>
/// <param name="ObjectId">The affected object's id.</param>
/// <param name="RetryNumber">0 for the first delivery; duplicates carry <c>square-retry-number</c> 1, 2, ….</param>
/// <param name="Status">HTTP status of the receiver's answer; 0 when it could not be reached.</param>
/// <param name="DeliveredAt">When the attempt was made.</param>
public sealed record SquareWebhookDelivery(string EventId, string Type, string ObjectId, int RetryNumber, int Status, DateTimeOffset DeliveredAt);
