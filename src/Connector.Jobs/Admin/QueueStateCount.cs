namespace Connector.Jobs.Admin;

/// <summary>How many jobs one queue holds in one state, counted from the table.</summary>
public sealed record QueueStateCount(string Queue, string State, long Count);
