using Connector.Platforms.Square.Model;
using Connector.Sandbox.Square;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// The client against the Square simulator, which shares no types with the product: a wrong wire model cannot agree
/// with its own fake here.
/// </summary>
public sealed class SquareClientSimulatorTests : IAsyncLifetime
{
    private SquareSimulator simulator = null!;
    private SquareClientHarness harness = null!;

    public async Task InitializeAsync()
    {
        simulator = await SquareSimulator.StartAsync(new SquareSimulatorOptions());
        harness = new SquareClientHarness(simulator.BaseAddress, token: simulator.Options.AccessToken, version: simulator.Options.SquareVersion);
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await simulator.DisposeAsync();
    }

    [Fact]
    public async Task SquareClient_reads_a_sale_its_return_refund_and_customer_from_the_simulator()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        var customerId = simulator.AddCustomer("robin@example.com", "Robin");
        var saleId = simulator.CreateSale(new SaleSpec
        {
            CustomerId = customerId,
            Lines =
            [
                new SaleLineSpec { Name = "Latte", BasePrice = 450, Quantity = 1.5m, Modifiers = [new ModifierSpec("Oat milk", 50)] },
                new SaleLineSpec { Name = "Bagel", BasePrice = 300 },
            ],
            Discounts = [new DiscountSpec("d1", "10% off", "ORDER", Percentage: 10)],
        });

        var sale = await harness.Client.RetrieveOrderAsync(saleId);
        var latte = sale.LineItems!.Single(line => line.Name == "Latte");
        Assert.Equal(1.5m, SquareQuantity.Parse(latte.Quantity));
        Assert.Equal("Oat milk", Assert.Single(latte.Modifiers!).Name);
        Assert.Equal(SquareScope.Order, Assert.Single(sale.Discounts!).Scope);
        Assert.Equal(customerId, sale.CustomerId);
        Assert.Equal(sale.TotalMoney!.Amount, sale.LineItems!.Sum(line => line.TotalMoney!.Amount));

        var returned = simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(latte.Uid, 1m)] });

        var returnOrder = await harness.Client.RetrieveOrderAsync(returned.ReturnOrderId);
        var orderReturn = Assert.Single(returnOrder.Returns!);
        Assert.Equal(saleId, orderReturn.SourceOrderId);
        Assert.Equal(latte.Uid, Assert.Single(orderReturn.ReturnLineItems!).SourceLineItemUid);

        var refund = await harness.Client.GetPaymentRefundAsync(returned.RefundId!);
        Assert.Equal((returned.ReturnOrderId, SquarePaymentRefundStatus.Completed), (refund.OrderId, refund.Status));

        var locations = SquareSimulatorOptions.DefaultLocations.Select(location => location.Id).ToArray();
        var searched = new List<string>();
        await foreach (var order in harness.Client.SearchAllOrdersAsync(locations, since, null, limit: 1))
        {
            searched.Add(order.Id!);
        }

        // A page size of 1 makes the client follow Square's cursors; order between equal update times is Square's choice.
        Assert.Equal(new[] { saleId, returned.ReturnOrderId }.Order(StringComparer.Ordinal), searched.Order(StringComparer.Ordinal));
        Assert.True(simulator.CallCount("POST", "/v2/orders/search") >= 2);
        Assert.Equal(
            [saleId, returned.ReturnOrderId],
            (await harness.Client.BatchRetrieveOrdersAsync(null, [saleId, returned.ReturnOrderId, "unknown"])).Select(order => order.Id));

        var refunds = new List<string>();
        await foreach (var listed in harness.Client.ListAllPaymentRefundsAsync(since, null, null))
        {
            refunds.Add(listed.Id!);
        }

        Assert.Equal([returned.RefundId!], refunds);
        Assert.Equal("robin@example.com", (await harness.Client.RetrieveCustomerAsync(customerId))!.EmailAddress);
        Assert.Null(await harness.Client.RetrieveCustomerAsync("no-such-customer"));
    }

    [Fact]
    public async Task SquareClient_rides_out_a_simulated_429_with_Retry_After()
    {
        var saleId = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tea", BasePrice = 250 }] });
        simulator.FailNext(1, 429, TimeSpan.FromSeconds(1));

        var sale = await harness.Client.RetrieveOrderAsync(saleId);

        Assert.Equal(saleId, sale.Id);
        Assert.Equal([TimeSpan.FromSeconds(1)], harness.Time.Delays);
        Assert.Equal(2, simulator.CallCount("GET", "/v2/orders/"));
    }
}
