using System.Security.Cryptography;
using System.Text;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// The Leat external identifiers of NewStore objects. A line is the NewStore item id itself (one item per unit), so a
/// return, a cancellation or an appeasement names the same line the sale did.
/// </summary>
public static class NewStoreIds
{
    public static string Order(string orderId) => $"newstore:{orderId}";

    public static string Shipping(string orderId) => $"newstore:{orderId}:shipping";

    public static string Tax(string orderId) => $"newstore:{orderId}:tax";

    public static string ItemDiscounts(string orderId) => $"newstore:{orderId}:item-discounts";

    /// <summary>An order-level discount; <paramref name="index"/> is its position in <c>discounts[]</c> (or 0 for the aggregate).</summary>
    public static string OrderDiscount(string orderId, int index) => $"newstore:{orderId}:order-discount:{index}";

    public static string Return(string returnId) => $"newstore:return:{returnId}";

    /// <summary><c>newstore:cancel:&lt;order&gt;:&lt;hash&gt;</c>: the hash of the sorted cancelled item ids, so each cancellation of one order has its own key.</summary>
    public static string Cancellation(string orderId, IEnumerable<string> itemIds) => $"newstore:cancel:{orderId}:{ItemsHash(itemIds)}";

    public static string Appeasement(string refundRequestId) => $"newstore:appeasement:{refundRequestId}";

    /// <summary>The first 16 hex digits of SHA-256 over the sorted, distinct item ids joined by commas.</summary>
    public static string ItemsHash(IEnumerable<string> itemIds)
    {
        var joined = string.Join(",", itemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..16];
    }
}
