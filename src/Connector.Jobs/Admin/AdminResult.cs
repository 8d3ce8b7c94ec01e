namespace Connector.Jobs.Admin;

/// <summary>The outcome of a single admin action with a message fit to show an operator.</summary>
public sealed record AdminResult(AdminOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome == AdminOutcome.Done;
}
