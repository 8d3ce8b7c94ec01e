using Connector.Jobs;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>The recurring job that keeps the webhook inbox and rejection tables from growing forever.</summary>
internal sealed class SquareWebhookRetentionHandler(SquareWebhookRetention retention) : IJobHandler<SquareWebhookRetentionArgs>
{
    /// <summary>The job kind and recurring job id.</summary>
    public const string Kind = "square.webhook-retention";

    /// <summary>Hourly: with retention counted in days an hour's backlog is small, so each run stays short.</summary>
    public const string Cron = "0 41 * * * *";

    public Task HandleAsync(SquareWebhookRetentionArgs args, JobContext context, CancellationToken cancellationToken) =>
        retention.PruneAsync(cancellationToken);
}
