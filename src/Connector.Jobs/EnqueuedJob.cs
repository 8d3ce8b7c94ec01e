namespace Connector.Jobs;

/// <summary>The result of an enqueue: the job's id, and false when an unfinished job with the same unique key was returned instead.</summary>
public sealed record EnqueuedJob(long Id, bool Created);
