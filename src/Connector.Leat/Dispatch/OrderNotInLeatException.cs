namespace Connector.Leat.Dispatch;

/// <summary>A return's order has not reached Leat and the caller gave no way to build it; transient, the order may arrive.</summary>
public sealed class OrderNotInLeatException(string orderExternalId, TimeSpan retryAfter)
    : Exception($"Order {orderExternalId} has not been sent to Leat yet, so its return cannot be; trying again in {retryAfter.TotalSeconds:0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
