namespace Connector.Sandbox.NewStore;

/// <summary>What the simulator published for an order, in minor units, and what the connector should end up with.</summary>
public sealed record NewStoreOrderSummary(
    string OrderId,
    string ExternalId,
    string PriceMethod,
    string Currency,
    long Subtotal,
    long DiscountTotal,
    long ShippingTotal,
    long ShippingTax,
    long TaxTotal,
    long GrandTotal,
    long Cancelled,
    long Appeased,
    long Refunded,
    bool IsHistorical,
    bool IsExchange,
    bool IsCancelled,
    bool IsPublished,
    string CustomerEmail)
{
    /// <summary>Money the customer is left paying: grand total less cancellations, appeasements and return refunds.</summary>
    public long Net => GrandTotal - Cancelled - Appeased - Refunded;
}
