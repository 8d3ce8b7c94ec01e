using Connector.Leat.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// What one <c>returns[]</c> entry of a Square return order becomes: a Leat order return (referencing the sale's
/// external identifier) or a skip with the reason ops see (an unlinked return, or one that returns nothing).
/// </summary>
/// <param name="ReturnOrderId">The Square return order.</param>
/// <param name="ReturnUid">The entry's uid (Square may omit it).</param>
/// <param name="SaleOrderId">The sale (<c>source_order_id</c>); the sale must be in Leat before the return is sent. Null for unlinked returns.</param>
/// <param name="Return">The Leat return, or null when skipped.</param>
/// <param name="SkipReason">Why nothing is sent, or null.</param>
public sealed record SquareReturnMapping(string ReturnOrderId, string? ReturnUid, string? SaleOrderId, LeatOrderReturnRequest? Return, string? SkipReason)
{
    /// <summary>True when there is nothing to send to Leat for this entry; <see cref="SkipReason"/> says why.</summary>
    public bool IsSkipped => Return is null;

    /// <summary>
    /// The amount this entry refunds without items (custom-amount return lines, or <c>return_amounts</c> when nothing is
    /// itemized), 0 when none. <see cref="Return"/> shows it spread over the sale as if nothing had come back before; what
    /// earlier returns took is only known to the dispatcher, which spreads it again over what remains
    /// (<c>ReturnDispatch.SpreadAmount</c>), so pass this, <see cref="Itemized"/> and <see cref="SpreadOver"/> along.
    /// </summary>
    public long SpreadAmount { get; init; }

    /// <summary>With a <see cref="SpreadAmount"/>: the return without the spread (what comes back item by item), or null when nothing does.</summary>
    public LeatOrderReturnRequest? Itemized { get; init; }

    /// <summary>With a <see cref="SpreadAmount"/>: the sale as sent to Leat, whose lines, sub lines and charges the amount is spread over.</summary>
    public LeatOrderRequest? SpreadOver { get; init; }
}
