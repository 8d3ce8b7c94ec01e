namespace Connector.Jobs.Dashboard;

/// <summary>One row of <c>jobs.dashboard_audit</c>: who did what to which jobs, and when.</summary>
/// <param name="At">When, UTC.</param>
/// <param name="Actor"><c>dashboard:&lt;name&gt;</c>, <c>dashboard:loopback</c> or e.g. <c>cli:&lt;user&gt;</c>.</param>
/// <param name="Action">Hangfire's command route (e.g. <c>/jobs/failed/requeue</c>) or our own action name.</param>
/// <param name="JobIds">The job ids the action named or changed.</param>
/// <param name="JobCount">How many jobs the action changed or named (the ids' count unless summarised).</param>
/// <param name="Detail">Free text, e.g. a bulk action's filter.</param>
/// <param name="RemoteAddress">The caller's address as the connection saw it.</param>
public sealed record DashboardAuditEntry(
    DateTimeOffset At,
    string Actor,
    string Action,
    IReadOnlyList<string> JobIds,
    int JobCount,
    string? Detail,
    string? RemoteAddress);
