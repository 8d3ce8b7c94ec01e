using System.ComponentModel;
using Connector.Core.Intake;
using Connector.Jobs;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>The recurring job that keeps Square's inbox and rejection rows from growing forever.</summary>
internal sealed class SquareWebhookRetentionJob(WebhookRetention retention, IOptions<SquareOptions> options) : IRecurringJob
{
    /// <summary>Hourly: with retention counted in days an hour's backlog is small, so each run stays short.</summary>
    public const string Cron = "0 41 * * * *";

    [DisplayName("Square webhook retention")]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        return retention.PruneAsync(Sync.SquareSync.Platform, settings.InboxRetention, settings.RejectionRetention, settings.RetentionBatchSize, cancellationToken);
    }
}
