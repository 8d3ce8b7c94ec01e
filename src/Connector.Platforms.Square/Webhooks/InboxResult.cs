namespace Connector.Platforms.Square.Webhooks;

/// <summary>What storing an event did.</summary>
internal enum InboxOutcome
{
    /// <summary>The event_id was already in the inbox: nothing written.</summary>
    Duplicate,

    /// <summary>Stored; the type triggers no sync (or the event lacked the object id).</summary>
    StoredWithoutJob,

    /// <summary>Stored and a new job enqueued.</summary>
    StoredNewJob,

    /// <summary>Stored and attached to a live job that already had the object's unique key.</summary>
    StoredExistingJob,
}

/// <summary>The outcome and the job the event is attached to, if any.</summary>
internal sealed record InboxResult(InboxOutcome Outcome, long? JobId);
