using Connector.Leat.Dispatch;
using Connector.Leat.Model;
using Connector.Core.Mappings;

namespace Connector.Host.Sandbox;

/// <summary>Deterministic sample sales and returns: sale n is always the same order, so replays are idempotent.</summary>
internal static class SandboxOrders
{
    private static readonly (string Sku, string Name, long Price)[] Catalogue =
    [
        ("SKU-COFFEE", "Flat white", 350),
        ("SKU-CROISSANT", "Croissant", 275),
        ("SKU-BEANS", "Coffee beans 250 g", 1295),
        ("SKU-MUG", "Mug", 1500),
    ];

    public static OrderDispatch Sale(int n, PlatformMappings mappings)
    {
        var id = $"sandbox:{n}";
        var first = Catalogue[n % Catalogue.Length];
        var second = Catalogue[(n + 1) % Catalogue.Length];
        var quantity = 1 + (n % 3);
        var lines = new List<LeatLineItem>
        {
            Line($"{id}:1", first, quantity),
            Line($"{id}:2", second, 1),
        };
        var tip = n % 3 == 0 ? 100L : 0L;
        var orderAmount = lines.Sum(l => l.TotalAmount);
        return new OrderDispatch
        {
            Platform = "sandbox",
            SourceId = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CustomerEmail = $"customer{n % 5}@example.com",
            Order = new LeatOrderRequest
            {
                ExternalIdentifier = id,
                Reference = $"Sandbox sale {n}",
                Status = LeatOrderStatus.Completed,
                PaymentStatus = LeatPaymentStatus.Paid,
                Currency = "EUR",
                OrderAmount = orderAmount,
                TotalOrderAmount = orderAmount + tip,
                Contact = new LeatUuidRef(""),
                BusinessProfile = new LeatUuidRef(mappings.ResolveShop("sandbox", n % 2 == 0 ? "amsterdam" : "web")),
                LineItems = lines,
                Charges = tip > 0 ? [new LeatCharge { ExternalIdentifier = $"{id}:tip", Name = "Tip", TotalAmount = tip, ChargeDefinition = new LeatExternalRef(LeatChargeDefinitions.Gratuity) }] : null,
            },
        };
    }

    /// <summary>Returns one unit of the sale's first line (and its tip, when it had one).</summary>
    public static ReturnDispatch Return(int n, PlatformMappings mappings) => new()
    {
        Platform = "sandbox",
        SourceId = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BuildOrder = _ => Task.FromResult(Sale(n, mappings)),
        Return = new LeatOrderReturnRequest
        {
            ExternalIdentifier = $"sandbox:{n}:return",
            Order = new LeatOrderReference(null, $"sandbox:{n}"),
            Status = LeatReturnStatus.Completed,
            LineItems = [new LeatReturnLineItem { ExternalIdentifier = $"sandbox:{n}:1", Quantity = 1, Reason = "Changed mind" }],
        },
    };

    private static LeatLineItem Line(string id, (string Sku, string Name, long Price) product, int quantity) => new()
    {
        ExternalIdentifier = id,
        Name = product.Name,
        Quantity = quantity,
        Price = product.Price,
        DiscountAmount = 0,
        TotalAmount = product.Price * quantity,
        Product = new LeatExternalRef(product.Sku),
    };
}
