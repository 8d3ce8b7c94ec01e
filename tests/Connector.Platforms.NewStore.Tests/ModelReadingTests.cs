using System.Text.Json;

namespace Connector.Platforms.NewStore.Tests;

/// <summary>The wire model reads NewStore's own payloads (Fixtures/shared: copied from NewStore's docs and integrators' fixtures).</summary>
public sealed class ModelReadingTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared", name));

    [Fact]
    public void Reads_the_order_opened_envelope_and_its_order()
    {
        var envelope = JsonSerializer.Deserialize(Fixture("order.opened.event.store-order.json"), NewStoreJsonContext.Default.NewStoreEvent)!;
        Assert.Equal("order.opened", envelope.Name);
        Assert.False(string.IsNullOrEmpty(envelope.Tenant));

        var order = envelope.Payload.Deserialize(NewStoreJsonContext.Default.NewStoreOrder)!;
        Assert.False(string.IsNullOrEmpty(order.Id));
        Assert.NotEmpty(order.Items);
        Assert.All(order.Items, item => Assert.Equal(1m, item.Quantity));
        // tax_excluded fixtures balance as grand = subtotal − discounts + shipping + shipping tax + tax.
        Assert.Equal(order.GrandTotal, order.Subtotal - order.DiscountTotal + order.ShippingTotal + order.ShippingTax + order.TaxTotal);
    }

    [Fact]
    public void Reads_a_return_processed_payload_with_exact_decimal_amounts()
    {
        var processed = JsonSerializer.Deserialize(Fixture("return.processed.payload-only.json"), NewStoreJsonContext.Default.NewStoreReturn)!;
        Assert.NotEmpty(processed.Items);
        Assert.Equal(processed.TotalRefundAmount, processed.Items.Sum(item => item.RefundAmount));
    }
}
