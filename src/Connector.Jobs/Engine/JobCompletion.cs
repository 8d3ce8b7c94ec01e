namespace Connector.Jobs.Engine;

/// <summary>The end of one attempt as a worker reports it: which job, under which lease, what happens next, and when it ended.</summary>
internal sealed record JobCompletion(long Id, Guid LeaseToken, JobTransition Transition, DateTimeOffset At);
