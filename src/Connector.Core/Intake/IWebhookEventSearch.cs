namespace Connector.Core.Intake;

/// <summary>
/// Finds received webhook events for ops (the dashboard's Search). A seam on purpose: the inbox is moving from
/// <c>square.webhook_inbox</c> to the shared <c>intake.webhook_inbox</c>, and only the implementation changes.
/// </summary>
public interface IWebhookEventSearch
{
    /// <summary>
    /// The events whose event id, object id (an order or refund id) or requested work key (<c>square:order:ORD1</c>)
    /// equals <paramref name="term"/> exactly; newest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<WebhookEventRow>> FindAsync(string term, int limit, CancellationToken cancellationToken);
}
