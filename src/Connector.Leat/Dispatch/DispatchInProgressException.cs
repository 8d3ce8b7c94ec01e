namespace Connector.Leat.Dispatch;

/// <summary>
/// Another worker holds this key's claim right now; try again after <see cref="RetryAfter"/> (transient). Nothing
/// was sent and nothing is wrong with the dispatch, so the wait must not use up one of the job's attempts
/// (<see cref="CountsAsAttempt"/>).
/// </summary>
public sealed class DispatchInProgressException(string kind, string externalId, TimeSpan retryAfter)
    : Exception($"The {kind} {externalId} is being sent to Leat by another worker; trying again in {retryAfter.TotalSeconds:0} s.")
{
    /// <summary>
    /// How long to wait before trying again: until the holder has most likely finished, and no later than the
    /// moment its owner would be declared dead (<see cref="DispatchOptions.OwnerTimeout"/> after its last heartbeat)
    /// or its claim expires, capped by <see cref="DispatchOptions.InProgressRetryDelay"/>; at least one second.
    /// </summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>
    /// Always false: waiting for another worker's claim is not a failed attempt. A job layer that limits attempts
    /// should retry after <see cref="RetryAfter"/> without counting this against the limit; otherwise a claim held
    /// by a worker that died exhausts the attempts of the jobs waiting for it, which then fail although nothing was
    /// wrong. Waiting is still bounded: the claim is taken over once its owner is known dead, and at the latest
    /// after <see cref="DispatchOptions.ClaimTimeout"/>.
    /// </summary>
    public bool CountsAsAttempt => false;
}
