using System.Data;
using Hangfire.PostgreSql;
using Hangfire.Storage;

namespace Connector.Jobs.Engine;

/// <summary>
/// Hangfire.PostgreSql's queue with a wake-up across instances that costs one <c>LISTEN</c> connection per process:
/// every enqueue also sends a notification, delivered when the enqueuing transaction commits, and each instance's
/// <see cref="JobQueueListener"/> wakes one of its waiting workers per notification. Hangfire's own long polling
/// opens a listening connection per fetch and was measured to stall a worker until the next notification; without
/// either, another instance hears of a job only at its next poll (15 s by default).
/// </summary>
internal sealed class WakingJobQueueProvider : IPersistentJobQueueProvider
{
    /// <summary>The channel the enqueues notify on.</summary>
    public const string Channel = "connector_jobs";

    private readonly IPersistentJobQueueProvider _default;

    public WakingJobQueueProvider(PostgreSqlStorage storage)
    {
        // The storage's default provider, kept for the monitoring API (its implementation is internal to the package).
        _default = storage.QueueProviders.GetProvider(EnqueuedStateDefaultQueue);
        Queue = new WakingJobQueue(new PostgreSqlJobQueue(storage));
    }

    /// <summary>
    /// One queue object for every worker of the process: its wake-up signal is per object, so a notification
    /// reaches a worker only if all wait on the same one (the package's provider makes a new queue per fetch).
    /// </summary>
    public WakingJobQueue Queue { get; }

    public IPersistentJobQueue GetJobQueue() => Queue;

    public IPersistentJobQueueMonitoringApi GetJobQueueMonitoringApi() => _default.GetJobQueueMonitoringApi();

    private const string EnqueuedStateDefaultQueue = "default";

    internal sealed class WakingJobQueue(PostgreSqlJobQueue inner) : IPersistentJobQueue
    {
        public IFetchedJob Dequeue(string[] queues, CancellationToken cancellationToken) => inner.Dequeue(queues, cancellationToken);

        public void Enqueue(IDbConnection connection, string queue, string jobId)
        {
            inner.Enqueue(connection, queue, jobId);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_notify('{Channel}', '')";
            command.ExecuteNonQuery();
        }

        /// <summary>Lets one waiting worker look for a job now.</summary>
        public void Wake() => inner.FetchNextJob();
    }
}
