namespace Connector.Jobs.Admin;

/// <summary>One row of a job list.</summary>
public sealed record JobSummary(
    long Id,
    string Kind,
    string Queue,
    string State,
    int Priority,
    int Attempt,
    int MaxAttempts,
    string? BusinessKey,
    string? LastError,
    DateTimeOffset RunAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);
