using Connector.Leat.Model;

namespace Connector.Leat.Dispatch;

/// <summary>An order return to send to Leat once, capped at what remains returnable.</summary>
public sealed record ReturnDispatch
{
    public required string Platform { get; init; }

    public required string SourceId { get; init; }

    /// <summary>The payload; its order must be referenced by <c>external_identifier</c>.</summary>
    public required LeatOrderReturnRequest Return { get; init; }

    /// <summary>
    /// Builds the original order when it has not reached Leat yet (connector installed after the sale,
    /// or the sale's job failed); it is then dispatched first. Null: the return waits for the order.
    /// </summary>
    public Func<CancellationToken, Task<OrderDispatch>>? BuildOrder { get; init; }
}
