namespace Connector.Jobs.Admin;

/// <summary>How a single guarded admin action ended.</summary>
public enum AdminOutcome
{
    /// <summary>The change was made and audited.</summary>
    Done,

    /// <summary>No such job, recurring job or queue.</summary>
    NotFound,

    /// <summary>The target exists but its state does not allow the change (e.g. retrying a succeeded job).</summary>
    Refused,
}
