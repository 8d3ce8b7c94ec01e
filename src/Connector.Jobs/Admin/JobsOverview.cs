namespace Connector.Jobs.Admin;

/// <summary>The dashboard's front page: counts, backlog age, throughput, schedules and servers.</summary>
public sealed record JobsOverview(
    DateTimeOffset Now,
    IReadOnlyList<QueueStateCount> Counts,
    JobSummary? OldestWaiting,
    long SucceededLastHour,
    long FailedLastHour,
    IReadOnlyList<RecurringJobInfo> Recurring,
    IReadOnlyList<ServerInfo> Servers,
    IReadOnlyList<string> PausedQueues);
