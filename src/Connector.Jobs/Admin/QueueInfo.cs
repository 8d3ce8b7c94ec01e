namespace Connector.Jobs.Admin;

/// <summary>A queue (known from its jobs or from <c>jobs.queue</c>) with its pause flag and live counts.</summary>
public sealed record QueueInfo(string Name, bool Paused, long Scheduled, long Enqueued, long Processing, long Failed);
