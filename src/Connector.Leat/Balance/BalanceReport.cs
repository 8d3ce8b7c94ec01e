namespace Connector.Leat.Balance;

/// <summary>The outcome of a balance check: every rule a payload breaks, in payload order, or none.</summary>
public sealed record BalanceReport(IReadOnlyList<string> Mismatches)
{
    public bool IsBalanced => Mismatches.Count == 0;
}
