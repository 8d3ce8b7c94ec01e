namespace Connector.Leat.Balance;

/// <summary>A payload whose amounts do not add up; it must not be sent, and retrying cannot fix it (permanent).</summary>
public sealed class UnbalancedPayloadException : Exception
{
    public UnbalancedPayloadException(string what, IReadOnlyList<string> mismatches)
        : base($"{what} does not balance: {string.Join("; ", mismatches)}")
    {
        Mismatches = mismatches;
    }

    public UnbalancedPayloadException()
        : this("Payload", [])
    {
    }

    public UnbalancedPayloadException(string message)
        : base(message)
    {
        Mismatches = [message];
    }

    public UnbalancedPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Mismatches = [message];
    }

    /// <summary>Each broken rule, e.g. <c>line_items[1] "Kelp Soda": total_amount 700 ≠ price 450 × quantity 2 − discount_amount 225 = 675</c>.</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
