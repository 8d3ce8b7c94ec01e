namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// The external identifiers the connector gives Square objects in Leat. Namespaced (<c>square:</c>) so they never
/// collide with another platform's, and derived only from Square's own ids, so a re-sync or a later return
/// computes exactly the same identifier and can reference the sale's lines, discounts and charges.
/// </summary>
public static class SquareIds
{
    private const string Prefix = "square:";

    /// <summary><c>square:&lt;order id&gt;</c>: the Leat order of a Square sale (or of an exchange's new items).</summary>
    public static string Order(string orderId) => Prefix + orderId;

    /// <summary><c>square:&lt;order id&gt;:&lt;line uid&gt;</c>.</summary>
    public static string Line(string orderId, string lineUid) => $"{Prefix}{orderId}:{lineUid}";

    /// <summary><c>square:&lt;order id&gt;:&lt;line uid&gt;:&lt;modifier uid&gt;</c>: a modifier as a sub line item.</summary>
    public static string Modifier(string orderId, string lineUid, string modifierUid) => $"{Prefix}{orderId}:{lineUid}:{modifierUid}";

    /// <summary><c>square:&lt;order id&gt;:&lt;line uid&gt;:tax</c>: a line's additive tax under the fold rule.</summary>
    public static string LineTax(string orderId, string lineUid) => $"{Prefix}{orderId}:{lineUid}:tax";

    /// <summary><c>square:&lt;order id&gt;:&lt;discount uid&gt;</c>.</summary>
    public static string Discount(string orderId, string discountUid) => $"{Prefix}{orderId}:{discountUid}";

    /// <summary><c>square:&lt;order id&gt;:&lt;service charge uid&gt;</c>.</summary>
    public static string ServiceCharge(string orderId, string serviceChargeUid) => $"{Prefix}{orderId}:{serviceChargeUid}";

    /// <summary><c>square:&lt;order id&gt;:tax</c>: the one TAX charge of the charge rule.</summary>
    public static string Tax(string orderId) => $"{Prefix}{orderId}:tax";

    /// <summary><c>square:&lt;order id&gt;:tip</c>: the one GRATUITY charge holding the order's tips.</summary>
    public static string Tip(string orderId) => $"{Prefix}{orderId}:tip";

    /// <summary>
    /// <c>square:&lt;return order id&gt;:&lt;return uid&gt;</c>: one Leat return per <c>returns[]</c> entry. Square may omit
    /// the entry's uid; a return order has exactly one entry per sale, so the sale's id identifies it then.
    /// </summary>
    public static string Return(string returnOrderId, string? returnUid, string saleOrderId) =>
        $"{Prefix}{returnOrderId}:{(string.IsNullOrEmpty(returnUid) ? saleOrderId : returnUid)}";
}
