namespace Connector.Jobs;

/// <summary>What a handler knows about the attempt it is running.</summary>
public sealed record JobContext(long JobId, string Kind, int Attempt, int MaxAttempts, string? BusinessKey, string Queue)
{
    /// <summary>The version of the arguments' shape given at enqueue.</summary>
    public int ArgsVersion { get; init; } = 1;
}
