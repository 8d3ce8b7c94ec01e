using System.ComponentModel;
using Connector.Jobs;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>The recurring job that keeps the webhook inbox and rejection tables from growing forever.</summary>
internal sealed class SquareWebhookRetentionJob(SquareWebhookRetention retention) : IRecurringJob
{
    /// <summary>Hourly: with retention counted in days an hour's backlog is small, so each run stays short.</summary>
    public const string Cron = "0 41 * * * *";

    [DisplayName("Square webhook retention")]
    public Task RunAsync(CancellationToken cancellationToken) => retention.PruneAsync(cancellationToken);
}
