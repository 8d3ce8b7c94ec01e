namespace Connector.Platforms.CommerceLayer.Model;

/// <summary>The <c>item_type</c> values of a line item, and what each is to a loyalty program.</summary>
public static class CommerceLayerItemTypes
{
    public const string Skus = "skus";
    public const string Bundles = "bundles";
    public const string GiftCards = "gift_cards";
    public const string Shipments = "shipments";
    public const string PaymentMethods = "payment_methods";
    public const string Adjustments = "adjustments";
    public const string DiscountEngineItems = "discount_engine_items";

    /// <summary>A product sold: <c>skus</c> or <c>bundles</c>.</summary>
    public static bool IsProduct(string? itemType) => itemType is Skus or Bundles;

    /// <summary>A discount line (negative): every <c>*_promotions</c> type and <c>discount_engine_items</c>.</summary>
    public static bool IsPromotion(string? itemType) =>
        itemType is DiscountEngineItems || (itemType?.EndsWith("_promotions", StringComparison.Ordinal) ?? false);
}

/// <summary>Order and return statuses the connector acts on.</summary>
public static class CommerceLayerStatuses
{
    public const string Placed = "placed";
    public const string Approved = "approved";
    public const string Cancelled = "cancelled";
    public const string Editing = "editing";
    public const string Paid = "paid";
    public const string Received = "received";
    public const string Refunded = "refunded";
    public const string Rejected = "rejected";
}
