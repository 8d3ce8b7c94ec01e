using System.Text;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Model;

namespace Connector.Platforms.CommerceLayer.Tests.Client;

/// <summary>The JSON:API reader over Commerce Layer's own documents (Fixtures/shared) and the tolerance the contract asks for.</summary>
public sealed class DocumentReadingTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared", name));

    [Fact]
    public void Reads_a_placed_order_webhook_body_with_its_included_line_items_and_market()
    {
        var order = CommerceLayerDocument.ReadOrder(Fixture("order-placed-webhook-payload.commercelayer-examples.json"));

        Assert.Equal("wBXVhZOmXO", order.Id);
        Assert.Equal("28030653", order.Number); // a JSON number on the wire
        Assert.Equal(CommerceLayerStatuses.Placed, order.Status);
        Assert.Equal("USD", order.CurrencyCode);
        Assert.False(order.TaxIncluded);
        Assert.NotNull(order.MarketId);
        Assert.Equal(order.MarketId, order.Market?.Id);
        var products = order.LineItems.Where(l => CommerceLayerItemTypes.IsProduct(l.ItemType)).ToList();
        Assert.Equal(4, products.Count);
        Assert.All(products, p => Assert.False(string.IsNullOrEmpty(p.SkuCode)));
        Assert.Equal(order.SubtotalAmountCents, products.Sum(p => p.TotalAmountCents));
        Assert.Equal(order.ShippingAmountCents, order.LineItems.Where(l => l.ItemType == CommerceLayerItemTypes.Shipments).Sum(l => l.TotalAmountCents));
        Assert.Equal(16000, order.TotalAmountCents);
    }

    [Fact]
    public void Reads_the_gift_card_redemption_spread_into_the_products_discount_breakdown()
    {
        var order = CommerceLayerDocument.ReadOrder(Fixture("order-with-giftcard-redemption.app-elements-docs-mock.json"));

        var giftCard = Assert.Single(order.LineItems, l => l.ItemType == CommerceLayerItemTypes.GiftCards);
        Assert.Equal(-10000, giftCard.TotalAmountCents);
        var shirts = Assert.Single(order.LineItems, l => l.SkuCode == "TSHIRTMMFFFFFF000000XLXX");
        Assert.Equal(-5943, shirts.DiscountCents);
        Assert.Equal(-5943, shirts.DiscountBreakdown[giftCard.Id].Cents);
        Assert.Equal(order.GiftCardAmountCents, order.LineItems.Where(l => CommerceLayerItemTypes.IsProduct(l.ItemType)).Sum(l => l.DiscountCents));
        Assert.Equal("Europe", order.Market?.Name);
    }

    [Fact]
    public void Reads_a_return_and_a_return_line_item_document()
    {
        var returned = CommerceLayerDocument.ReadReturn(Fixture("return-retrieve-response.docs-example-2022.json"));
        Assert.Equal("xYZkjABcde", returned.Id);
        Assert.Equal("#1234/R/001", returned.Number);
        Assert.Equal("draft", returned.Status);
        Assert.Empty(returned.ReturnLineItems); // the docs example includes nothing

        var reference = CommerceLayerDocument.ReadResourceRef(Fixture("return-line-item-retrieve-response.docs-example-2022.json"));
        Assert.Equal("return_line_items", reference.Type);
    }

    [Fact]
    public void Resolves_returns_refunds_and_line_item_links_through_included()
    {
        const string json = """
            {"data":{"id":"O1","type":"orders","attributes":{"number":"77","status":"approved","currency_code":"EUR","total_amount_cents":"1500"},
              "relationships":{"market":{"data":{"type":"markets","id":"M1"}},
                "line_items":{"data":[{"type":"line_items","id":"L1"}]},
                "returns":{"data":[{"type":"returns","id":"R1"}]},
                "refunds":{"data":[{"type":"refunds","id":"F1"}]}}},
             "included":[
              {"id":"L1","type":"line_items","attributes":{"item_type":"skus","sku_code":"A","quantity":3,"unit_amount_cents":500,"total_amount_cents":1500,"some_new_field":{"x":1}}},
              {"id":"R1","type":"returns","attributes":{"status":"received","brand_new_status_field":"x"},
                "relationships":{"order":{"data":{"type":"orders","id":"O1"}},"return_line_items":{"data":[{"type":"return_line_items","id":"RL1"}]}}},
              {"id":"RL1","type":"return_line_items","attributes":{"quantity":1,"total_amount_cents":500},"relationships":{"line_item":{"data":{"type":"line_items","id":"L1"}}}},
              {"id":"F1","type":"refunds","attributes":{"amount_cents":500,"succeeded":true},"relationships":{"return":{"data":{"type":"returns","id":"R1"}}}},
              {"id":"Z1","type":"a_type_we_never_heard_of","attributes":{}}]}
            """;

        var order = CommerceLayerDocument.ReadOrder(Encoding.UTF8.GetBytes(json));

        Assert.Equal("77", order.Number);
        Assert.Equal(1500, order.TotalAmountCents); // a numeric string
        Assert.Equal("M1", order.MarketId);
        Assert.Null(order.Market); // not included
        var returned = Assert.Single(order.Returns);
        Assert.Equal("O1", returned.OrderId);
        Assert.Equal("L1", Assert.Single(returned.ReturnLineItems).LineItemId);
        var refund = Assert.Single(order.Refunds);
        Assert.True(refund.Succeeded);
        Assert.Equal("R1", refund.ReturnId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"data":null}""")]
    [InlineData("""{"data":{"type":"returns","id":"R1"}}""")] // not an order
    [InlineData("""{"data":{"type":"orders"}}""")] // no id
    [InlineData("""{"data":{"type":"orders","id":"O1","attributes":{"total_amount_cents":12.5}}}""")] // never rounded
    public void Refuses_what_is_not_an_order_document(string json) =>
        Assert.Throws<CommerceLayerFormatException>(() => CommerceLayerDocument.ReadOrder(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Reads_a_list_page_and_whether_another_follows()
    {
        const string json = """
            {"data":[{"id":"R1","type":"returns","attributes":{"status":"cancelled","updated_at":"2026-01-01T12:00:00.000Z"},"relationships":{"order":{"data":{"type":"orders","id":"O1"}}}}],
             "meta":{"record_count":26,"page_count":2},"links":{"next":"https://acme.commercelayer.io/api/returns?page%5Bnumber%5D=2"}}
            """;

        var page = CommerceLayerDocument.ReadReturns(Encoding.UTF8.GetBytes(json));

        Assert.True(page.HasNext);
        Assert.Equal(26, page.RecordCount);
        var returned = Assert.Single(page.Items);
        Assert.Equal("O1", returned.OrderId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), returned.UpdatedAt);
    }
}
