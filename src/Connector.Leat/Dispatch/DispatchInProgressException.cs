namespace Connector.Leat.Dispatch;

/// <summary>Another worker holds this key's claim right now; try again after <see cref="RetryAfter"/> (transient).</summary>
public sealed class DispatchInProgressException(string kind, string externalId, TimeSpan retryAfter)
    : Exception($"The {kind} {externalId} is being sent to Leat by another worker; trying again in {retryAfter.TotalSeconds:0} s.")
{
    /// <summary>
    /// How long to wait before trying again: until the holder has most likely finished, and no later than the
    /// moment its owner would be declared dead (<see cref="DispatchOptions.OwnerTimeout"/> after its last heartbeat)
    /// or its claim expires, capped by <see cref="DispatchOptions.InProgressRetryDelay"/>; at least one second.
    /// </summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
