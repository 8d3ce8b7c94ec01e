namespace Connector.Sandbox.Square;

/// <summary>What <see cref="SquareSimulator.CreateReturn"/> created.</summary>
/// <param name="ReturnOrderId">The separate return order (also the refund's <c>order_id</c>).</param>
/// <param name="RefundId">The PaymentRefund, or null when an exchange moved no money back to the buyer.</param>
public sealed record SquareReturnResult(string ReturnOrderId, string? RefundId);
