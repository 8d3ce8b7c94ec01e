using Microsoft.Extensions.Logging;

namespace Connector.Jobs.Engine;

/// <summary>The engine's log messages; event ids 3000–3099.</summary>
internal static partial class JobsLog
{
    [LoggerMessage(3000, LogLevel.Information, "Job engine {ServerId} started: {WorkerCount} workers on queues {Queues}")]
    public static partial void EngineStarted(ILogger logger, string serverId, int workerCount, string queues);

    [LoggerMessage(3001, LogLevel.Information, "Job engine {ServerId} stopped; {Released} unfinished jobs released")]
    public static partial void EngineStopped(ILogger logger, string serverId, int released);

    [LoggerMessage(3002, LogLevel.Error, "Fetching jobs failed; retrying in {Delay}")]
    public static partial void FetchFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(3003, LogLevel.Warning, "Job {JobId} ({Kind}) attempt {Attempt} failed; retry at {RunAt}")]
    public static partial void JobRetrying(ILogger logger, Exception exception, long jobId, string kind, int attempt, DateTimeOffset runAt);

    // A handler's RetryJobException is an expected "not now" (Leat rate limit, another worker holds the key): no stack trace.
    [LoggerMessage(3017, LogLevel.Information, "Job {JobId} ({Kind}) attempt {Attempt} deferred by its handler until {RunAt}: {Reason}")]
    public static partial void JobDeferred(ILogger logger, long jobId, string kind, int attempt, DateTimeOffset runAt, string reason);

    [LoggerMessage(3004, LogLevel.Error, "Job {JobId} ({Kind}) failed: {Reason}")]
    public static partial void JobFailed(ILogger logger, Exception? exception, long jobId, string kind, string reason);

    [LoggerMessage(3005, LogLevel.Warning, "Job {JobId} ({Kind}): the lease was lost, so the result of attempt {Attempt} was refused")]
    public static partial void LeaseLost(ILogger logger, long jobId, string kind, int attempt);

    [LoggerMessage(3006, LogLevel.Error, "Recording the result of job {JobId} failed; its lease will expire and it will run again")]
    public static partial void FinishFailed(ILogger logger, Exception exception, long jobId);

    [LoggerMessage(3007, LogLevel.Warning, "The LISTEN connection failed; reconnecting in {Delay}")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(3008, LogLevel.Error, "Renewing job leases failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(3009, LogLevel.Error, "Firing recurring jobs failed")]
    public static partial void RecurringFailed(ILogger logger, Exception exception);

    [LoggerMessage(3010, LogLevel.Information, "Recurring job {RecurringId} skipped its slot: the previous run (job {JobId}) is unfinished")]
    public static partial void RecurringOverlap(ILogger logger, string recurringId, long jobId);

    [LoggerMessage(3011, LogLevel.Error, "Recurring job {RecurringId} has an invalid cron '{Cron}'")]
    public static partial void RecurringInvalidCron(ILogger logger, Exception exception, string recurringId, string cron);

    [LoggerMessage(3012, LogLevel.Error, "Server heartbeat failed")]
    public static partial void ServerHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(3013, LogLevel.Information, "Retention deleted {Count} succeeded jobs finished before {Cutoff}")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(3014, LogLevel.Error, "Retention failed")]
    public static partial void PruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(3015, LogLevel.Error, "Releasing job {JobId} at shutdown failed; its lease will expire and it will run again")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, long jobId);

    [LoggerMessage(3018, LogLevel.Warning, "Notifying other instances of new jobs on {Queues} failed; they will find them by polling")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string queues);

    [LoggerMessage(3016, LogLevel.Error, "Reading queue metrics failed")]
    public static partial void MetricsFailed(ILogger logger, Exception exception);
}
