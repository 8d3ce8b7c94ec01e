using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Square webhook retention log messages; event ids 5250–5259 (inside the webhook block 5200–5299).</summary>
internal static partial class SquareWebhookRetentionLog
{
    [LoggerMessage(EventId = 5250, Level = LogLevel.Information, Message = "Square webhook retention deleted {Inbox} inbox events received before {InboxCutoff} and {Rejections} refused deliveries before {RejectionCutoff}")]
    public static partial void Pruned(ILogger logger, int inbox, DateTimeOffset inboxCutoff, int rejections, DateTimeOffset rejectionCutoff);
}
