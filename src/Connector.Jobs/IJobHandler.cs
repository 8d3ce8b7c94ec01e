namespace Connector.Jobs;

/// <summary>
/// Runs jobs of one kind. Execution is at least once: a job may run again after a crash or a lost lease, so a handler
/// must be idempotent. Throwing any exception is a retryable failure; throw <see cref="PermanentJobFailureException"/>
/// to fail without retrying and <see cref="RetryJobException"/> to retry at a specific time.
/// </summary>
/// <typeparam name="TArgs">The job's arguments, deserialised from JSON.</typeparam>
public interface IJobHandler<in TArgs>
{
    /// <summary>Runs one attempt. The token is cancelled when the lease is lost or the host stops for good.</summary>
    Task HandleAsync(TArgs args, JobContext context, CancellationToken cancellationToken);
}
