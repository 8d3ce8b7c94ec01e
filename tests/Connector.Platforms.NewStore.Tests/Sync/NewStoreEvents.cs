using System.Globalization;
using System.Text.Json;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Tests.Sync;

/// <summary>Event-stream envelopes as NewStore sends them, for a fresh order per test.</summary>
internal static class NewStoreEvents
{
    /// <summary>A tax_excluded USD web order of two units (58.00 + 40.00, tax 4.94 + 3.41).</summary>
    public static NewStoreOrder Order(string? email = "ada@example.com")
    {
        var id = Guid.NewGuid().ToString();
        return new NewStoreOrder
        {
            Id = id,
            ExternalId = "EXT-" + id[..6],
            PlacedAt = DateTimeOffset.Parse("2026-11-02T09:59:00Z", CultureInfo.InvariantCulture),
            ChannelType = "web",
            DemandLocationId = NewStoreTestHost.Location,
            CustomerEmail = email,
            PriceMethod = "tax_excluded",
            Subtotal = 98m,
            TaxTotal = 8.35m,
            GrandTotal = 106.35m,
            Currency = "USD",
            Items =
            [
                new NewStoreOrderItem { Id = id + "-1", ProductId = "SKU-1001", ListPrice = 58m, Tax = 4.94m },
                new NewStoreOrderItem { Id = id + "-2", ProductId = "SKU-2002", ListPrice = 40m, Tax = 3.41m },
            ],
        };
    }

    public static string Opened(NewStoreOrder order, string tenant = NewStoreTestHost.Tenant) =>
        Envelope("order.opened", JsonSerializer.SerializeToElement(order, NewStoreJsonContext.Default.NewStoreOrder), tenant);

    public static string ItemsCancelled(NewStoreOrder order, params string[] itemIds) =>
        Envelope("order.items_cancelled", JsonSerializer.SerializeToElement(
            new NewStoreCancellation { Id = order.Id, Items = itemIds.Select(i => new NewStoreCancelledItem { Id = i, CancellationReason = "insufficient_stock" }).ToList() },
            NewStoreJsonContext.Default.NewStoreCancellation));

    /// <summary><c>return.processed</c> of the first item at its gross price (58.00 + 4.94 tax).</summary>
    public static string ReturnOfFirstItem(NewStoreOrder order, string? returnId = null) =>
        Envelope("return.processed", JsonSerializer.SerializeToElement(new NewStoreReturn
        {
            Id = returnId ?? Guid.NewGuid().ToString(),
            OrderId = order.Id,
            Currency = "USD",
            TotalRefundAmount = 62.94m,
            Items = [new NewStoreReturnItem { Id = order.Items[0].Id, ProductId = "SKU-1001", RefundAmount = 62.94m, RefundTax = 4.94m }],
        }, NewStoreJsonContext.Default.NewStoreReturn));

    public static string Appeasement(NewStoreOrder order, decimal amount) =>
        Envelope("refund_request.issued", JsonSerializer.SerializeToElement(
            new NewStoreRefundRequest { Id = Guid.NewGuid().ToString(), OrderId = order.Id, Amount = amount, Currency = "USD", ReturnReason = "Price adjustment" },
            NewStoreJsonContext.Default.NewStoreRefundRequest));

    public static string Envelope(string name, JsonElement payload, string tenant = NewStoreTestHost.Tenant) =>
        JsonSerializer.Serialize(new NewStoreEvent(tenant, name, DateTimeOffset.UtcNow, payload), NewStoreJsonContext.Default.NewStoreEvent);
}
