namespace Connector.Core.Intake;

/// <summary>What storing a verified event did.</summary>
public enum InboxOutcome
{
    /// <summary>The event id was stored before: nothing written, nothing requested.</summary>
    Duplicate,

    /// <summary>Stored; it requests no work (its type is not synced, or it lacked the id).</summary>
    StoredWithoutJob,

    /// <summary>Stored, and its object's work was requested anew.</summary>
    StoredNewJob,

    /// <summary>Stored; its object already had work queued or running, which covers this event.</summary>
    StoredExistingJob,
}

/// <summary>The outcome and the business key of the work it requested, if any.</summary>
public sealed record InboxResult(InboxOutcome Outcome, string? WorkKey);
