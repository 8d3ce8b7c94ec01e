namespace Connector.Jobs;

/// <summary>
/// A job that runs on a schedule (a poll, a retention sweep); register it with
/// <c>services.AddRecurringJob&lt;TJob&gt;(id, cron, queue)</c>. A firing while the previous one still runs (on any
/// instance) is skipped, not failed.
/// </summary>
public interface IRecurringJob
{
    /// <summary>Does one round of the work.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
