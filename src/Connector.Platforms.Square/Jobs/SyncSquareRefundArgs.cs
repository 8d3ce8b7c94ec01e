using Connector.Jobs;

namespace Connector.Platforms.Square.Jobs;

/// <summary>
/// Arguments of <see cref="SquareJobKinds.SyncRefund"/>. Only the identifier: the handler fetches the refund (and its
/// return order) and acts once the refund is COMPLETED.
/// </summary>
/// <param name="RefundId">The Square payment refund id.</param>
public sealed record SyncSquareRefundArgs(string RefundId)
{
    /// <summary>Enqueue options keyed by <see cref="SquareJobKinds.RefundKey"/> (unique key = business key).</summary>
    public EnqueueOptions ToEnqueueOptions()
    {
        var key = SquareJobKinds.RefundKey(RefundId);
        return new EnqueueOptions { UniqueKey = key, BusinessKey = key };
    }
}
