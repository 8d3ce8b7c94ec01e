namespace Connector.Jobs.Admin;

/// <summary>The state names stored in <c>jobs.job.state</c>, as the admin layer and its callers spell them.</summary>
public static class JobStates
{
    public const string Scheduled = "scheduled";
    public const string Enqueued = "enqueued";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Deleted = "deleted";

    /// <summary>Every state, in the order a job usually moves through them.</summary>
    public static IReadOnlyList<string> All { get; } = [Scheduled, Enqueued, Processing, Succeeded, Failed, Deleted];

    /// <summary>True when <paramref name="state"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string? state) => state is not null && All.Contains(state);
}
