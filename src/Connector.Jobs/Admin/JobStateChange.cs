namespace Connector.Jobs.Admin;

/// <summary>One entry of a job's state history.</summary>
public sealed record JobStateChange(string State, string? Reason, DateTimeOffset At);
