namespace Connector.Jobs;

/// <summary>
/// Thrown by a job to run again at now + <see cref="RetryAfter"/> (e.g. a remote <c>Retry-After</c>) instead of the
/// back-off. The attempt counts unless <see cref="CountsAsAttempt"/> is false (waiting for something that is
/// known to finish, such as another live worker's claim), so a job cannot be postponed forever by a remote.
/// </summary>
public sealed class RetryJobException : Exception
{
    public RetryJobException()
    {
    }

    public RetryJobException(string message)
        : base(message)
    {
    }

    public RetryJobException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RetryJobException(string message, TimeSpan retryAfter, Exception? innerException = null, bool countsAsAttempt = true)
        : base(message, innerException)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        RetryAfter = retryAfter;
        CountsAsAttempt = countsAsAttempt;
    }

    /// <summary>How long to wait before the next attempt.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>False when the wait must not use up one of the job's attempts.</summary>
    public bool CountsAsAttempt { get; } = true;
}
