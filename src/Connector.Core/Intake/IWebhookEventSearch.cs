namespace Connector.Core.Intake;

/// <summary>
/// Finds received webhook events for ops (the dashboard's Search), over the platform kit's <c>intake.webhook_inbox</c>.
/// </summary>
public interface IWebhookEventSearch
{
    /// <summary>
    /// The events whose event id, object id (an order or refund id) or requested work key (<c>square:order:ORD1</c>)
    /// equals <paramref name="term"/> exactly; newest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<WebhookEventRow>> FindAsync(string term, int limit, CancellationToken cancellationToken);
}
