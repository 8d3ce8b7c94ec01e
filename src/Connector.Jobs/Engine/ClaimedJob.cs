namespace Connector.Jobs.Engine;

/// <summary>A job this worker holds a lease on; <see cref="LeaseToken"/> fences every later write.</summary>
internal sealed record ClaimedJob(
    long Id,
    string Kind,
    string Args,
    int ArgsVersion,
    string Queue,
    int Attempt,
    int MaxAttempts,
    string? BusinessKey,
    Guid LeaseToken,
    DateTimeOffset RunAt,
    bool WasReclaimed);
