namespace Connector.Leat.Dispatch;

/// <summary>How a dispatch ended.</summary>
public enum DispatchOutcome
{
    /// <summary>This call sent the payload and Leat accepted it.</summary>
    Sent,

    /// <summary>An earlier dispatch of the same key succeeded; nothing was sent.</summary>
    AlreadySucceeded,

    /// <summary>An earlier attempt had reached Leat after all (found by external identifier); nothing was resent.</summary>
    FoundInLeat,

    /// <summary>Leat rejected the external identifier as a duplicate: an earlier attempt had reached it.</summary>
    DuplicateAccepted,

    /// <summary>Nothing to send (no email under the skip policy, nothing left to return, ...); recorded with a reason.</summary>
    Skipped,
}
