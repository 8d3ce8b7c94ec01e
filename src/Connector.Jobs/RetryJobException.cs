namespace Connector.Jobs;

/// <summary>
/// Thrown by a handler to retry at exactly now + <see cref="RetryAfter"/> (e.g. a remote <c>Retry-After</c>) instead of
/// the engine's back-off. The attempt still counts, so a job cannot be postponed forever.
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

    public RetryJobException(string message, TimeSpan retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        RetryAfter = retryAfter;
    }

    /// <summary>How long to wait before the next attempt.</summary>
    public TimeSpan RetryAfter { get; }
}
