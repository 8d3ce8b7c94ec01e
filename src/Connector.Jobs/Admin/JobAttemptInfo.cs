namespace Connector.Jobs.Admin;

/// <summary>One execution attempt of a job, as the worker reported it.</summary>
public sealed record JobAttemptInfo(
    int Attempt,
    string Worker,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Outcome,
    string? Error,
    string? Exception);
