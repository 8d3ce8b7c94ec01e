using Connector.Leat.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// A return, cancellation or appeasement as Leat should see it: the order return, or why nothing is sent. With a
/// <see cref="SpreadAmount"/> (an appeasement) <see cref="Return"/> is the preview the dispatcher spreads again, under
/// the ledger's lock, over what remains returnable.
/// </summary>
public sealed record NewStoreReturnMapping(string ExternalId, string? OrderId, LeatOrderReturnRequest? Return, string? SkipReason, long SpreadAmount = 0)
{
    public bool IsSkipped => Return is null;

    internal static NewStoreReturnMapping Skip(string externalId, string? orderId, string reason) => new(externalId, orderId, null, reason);
}
