namespace Connector.Jobs.Admin;

/// <summary>Everything known about one job: its row, arguments (indented JSON), attempts and state history.</summary>
public sealed record JobDetail(
    JobSummary Job,
    string ArgsJson,
    int ArgsVersion,
    string? UniqueKey,
    string? Worker,
    DateTimeOffset? LeaseExpiresAt,
    string? RecurringId,
    IReadOnlyList<JobAttemptInfo> Attempts,
    IReadOnlyList<JobStateChange> History);
