namespace Connector.Jobs.Admin;

/// <summary>A recurring job definition with its last and next run.</summary>
public sealed record RecurringJobInfo(
    string Id,
    string Kind,
    string Cron,
    string Queue,
    bool Enabled,
    DateTimeOffset NextRunAt,
    DateTimeOffset? LastRunAt,
    long? LastJobId,
    string? LastJobState,
    bool TriggerRequested);
