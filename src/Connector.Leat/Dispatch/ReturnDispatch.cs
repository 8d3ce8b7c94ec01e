using Connector.Leat.Model;

namespace Connector.Leat.Dispatch;

/// <summary>An order return to send to Leat once, capped at what remains returnable.</summary>
public sealed record ReturnDispatch
{
    /// <summary>The <see cref="ReturnCap.Part"/> of the cut when <see cref="SpreadAmount"/> exceeds all that remains returnable.</summary>
    public const string AmountOnlyPart = "amount_only";

    public required string Platform { get; init; }

    public required string SourceId { get; init; }

    /// <summary>
    /// Other ids of the platform that name this dispatch and ops may search by (a Square return's refund ids, a
    /// display order number); kept on the ledger beside <see cref="SourceId"/>, indexed.
    /// </summary>
    public IReadOnlyList<string> AlsoKnownAs { get; init; } = [];

    /// <summary>
    /// The payload; its order must be referenced by <c>external_identifier</c>. With a <see cref="SpreadAmount"/> it is
    /// the platform's preview (the amount spread as if nothing had come back before): it names the return and keys its
    /// idempotency, but its amounts are replaced by <see cref="Itemized"/> plus the spread computed under the ledger's lock.
    /// </summary>
    public required LeatOrderReturnRequest Return { get; init; }

    /// <summary>
    /// An amount refunded without items (a custom-amount refund line, or a refund of an amount only), in minor units; 0
    /// when none. The dispatcher spreads it over the order's lines, sub lines and charges in proportion to what each still
    /// has returnable after earlier returns and after <see cref="Itemized"/> (largest remainder, so the parts sum exactly
    /// to it, none above what remains), and records it consumed like any itemized return. More than remains is cut to
    /// what remains, with a <see cref="ReturnCap"/> of part <see cref="AmountOnlyPart"/> for the order.
    /// </summary>
    public long SpreadAmount { get; init; }

    /// <summary>
    /// With a <see cref="SpreadAmount"/>: what the return gives back item by item (capped as usual), the spread not
    /// included; null when it gives back nothing item by item. Ignored without a spread amount.
    /// </summary>
    public LeatOrderReturnRequest? Itemized { get; init; }

    /// <summary>
    /// With a <see cref="SpreadAmount"/>, required: the order as it was sent to Leat. Its lines, sub lines (under their
    /// parents) and charges, in its order, are what the amount is spread over; the amounts come from the ledger, not from it.
    /// </summary>
    public LeatOrderRequest? SpreadOver { get; init; }

    /// <summary>
    /// Builds the original order when it has not reached Leat yet (connector installed after the sale,
    /// or the sale's job failed); it is then dispatched first. Null: the return waits for the order.
    /// </summary>
    public Func<CancellationToken, Task<OrderDispatch>>? BuildOrder { get; init; }
}
