namespace Connector.Jobs.Admin;

/// <summary>One operator action: who, what, on which target, when.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail);
