namespace Connector.Leat.Dispatch;

/// <summary>Another worker holds this key's claim right now; try again after <see cref="RetryAfter"/> (transient).</summary>
public sealed class DispatchInProgressException(string kind, string externalId, TimeSpan retryAfter)
    : Exception($"The {kind} {externalId} is being sent to Leat by another worker; trying again in {retryAfter.TotalSeconds:0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
