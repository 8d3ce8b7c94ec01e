namespace Connector.Sandbox.Square;

/// <summary>A webhook event as it will go on the wire: the exact body bytes are what gets signed.</summary>
/// <param name="EventId">The <c>event_id</c> (duplicates repeat it).</param>
/// <param name="Type">Event type, e.g. <c>refund.updated</c>.</param>
/// <param name="ObjectId">The affected object's id (<c>data.id</c>).</param>
/// <param name="Body">The JSON body, serialised once when the event was created (a snapshot of the object then).</param>
public sealed record SquareWebhookEvent(string EventId, string Type, string ObjectId, string Body);
