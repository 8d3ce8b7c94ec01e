using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Leat;
using Connector.Leat.Dispatch;
using Connector.Platforms.Square.Mapping;
using Connector.Platforms.Square.Model;
using Connector.Sandbox.Leat;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Connector.Platforms.Square.Tests.Mapping.SquareTestOrders;

namespace Connector.Platforms.Square.Tests.Mapping;

/// <summary>
/// The mapper previews an amount-only refund spread over a fresh sale; the dispatcher spreads it again over what its
/// ledger says remains. On a sale nothing came back from, both must send exactly the same return, cent for cent and in
/// the same order (ties included), or the golden files would describe something Leat never receives.
/// </summary>
public sealed class SquareAmountOnlyDispatchTests
{
    private const string Shop = "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001";

    [Theory]
    [InlineData("amount-only-refund")]
    [InlineData("amount-only-return-amounts")]
    public async Task Dispatcher_sends_the_mappers_preview_of_an_amount_only_refund_on_a_fresh_sale(string golden)
    {
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", "square", golden + ".input.json")))!;
        var returnOrder = input["order"].Deserialize(SquareJsonContext.Default.SquareOrder)!;
        var sale = Assert.Single((input["sales"]?.AsArray() ?? []).Select(s => s.Deserialize(SquareJsonContext.Default.SquareOrder)!));

        await AssertDispatcherSendsThePreviewAsync(sale, returnOrder);
    }

    [Fact]
    public async Task Dispatcher_sends_the_mappers_preview_when_a_return_mixes_an_itemized_line_and_an_amount()
    {
        // LB 2 × 333 listed before LA 1 × 333: one unit of LB comes back itemized and 501 without items, spread over what
        // remains (333 each), 250.5 each: the tie's cent goes to LB, the line the sale lists first, in the mapper and in the
        // dispatcher alike (its ledger reads the parts sorted by identifier, LA first).
        var sale = new SquareOrder
        {
            Id = "S-MIX",
            State = "COMPLETED",
            LocationId = "LSANDBOX1",
            LineItems = [Line("LB", "2", 333), Line("LA", "1", 333)],
        };
        var returnOrder = new SquareOrder
        {
            Id = "RET-MIX",
            Returns =
            [
                new SquareOrderReturn
                {
                    Uid = "R1",
                    SourceOrderId = "S-MIX",
                    ReturnLineItems =
                    [
                        new SquareOrderReturnLineItem { Uid = "RL1", SourceLineItemUid = "LB", Quantity = "1", BasePriceMoney = new SquareMoney(333, "EUR") },
                        new SquareOrderReturnLineItem { Uid = "RL2", Quantity = "1", ItemType = "CUSTOM_AMOUNT", TotalMoney = new SquareMoney(501, "EUR") },
                    ],
                },
            ],
        };
        var preview = Assert.Single(SquareOrderMapper.MapReturns(returnOrder, id => id == "S-MIX" ? sale : null, SquareMappingRules.Default)).Return!;
        Assert.Equal([("square:S-MIX:LB", 333L + 251), ("square:S-MIX:LA", 250L)], preview.LineItems!.Select(l => (l.ExternalIdentifier, l.TotalAmount!.Value)));

        await AssertDispatcherSendsThePreviewAsync(sale, returnOrder);
    }

    private static async Task AssertDispatcherSendsThePreviewAsync(SquareOrder sale, SquareOrder returnOrder)
    {
        await using var fake = await LeatFake.StartAsync(new LeatFakeOptions());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Leat:BaseUrl"] = fake.BaseAddress.ToString(),
                ["Leat:ApiToken"] = fake.ApiToken,
                ["Leat:RequestsPerSecond"] = "1000",
            })
            .Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync("square_spread")));
        collection.AddLeatClient(configuration);
        collection.AddLeatDispatch(configuration);
        await using var services = collection.BuildServiceProvider();
        await LeatSchema.MigrateAsync(services.GetRequiredService<NpgsqlDataSource>());
        var dispatcher = services.GetRequiredService<LeatDispatcher>();

        var rules = SquareMappingRules.Default;
        await dispatcher.DispatchOrderAsync(new OrderDispatch
        {
            Platform = "square",
            SourceId = sale.Id!,
            CustomerEmail = "ada@example.com",
            Order = SquareOrderMapper.MapSale(sale, Shop, rules),
        }, default);
        var mapping = Assert.Single(SquareOrderMapper.MapReturns(returnOrder, id => id == sale.Id ? sale : null, rules));
        Assert.True(mapping.SpreadAmount > 0);

        var result = await dispatcher.DispatchReturnAsync(new ReturnDispatch
        {
            Platform = "square",
            SourceId = returnOrder.Id!,
            Return = mapping.Return!,
            SpreadAmount = mapping.SpreadAmount,
            Itemized = mapping.Itemized,
            SpreadOver = mapping.SpreadOver,
        }, default);

        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Empty(result.Caps!);
        var sent = JsonNode.Parse(fake.Returns.Values.Single().RequestBody)!;
        Assert.Equal(JsonSerializer.Serialize(mapping.Return!, LeatJsonContext.Default.LeatOrderReturnRequest), WithoutZeroDiscounts(sent).ToJsonString());
    }

    /// <summary>The dispatcher states an itemized line's discount even when it is 0, where the mapper leaves it out.</summary>
    private static JsonNode WithoutZeroDiscounts(JsonNode node)
    {
        foreach (var descendant in node.AsObject().SelectMany(p => p.Value is JsonArray array ? array.OfType<JsonObject>() : []).ToList())
        {
            if (descendant["discount_amount"] is JsonValue value && value.GetValue<long>() == 0)
            {
                descendant.Remove("discount_amount");
            }

            WithoutZeroDiscounts(descendant);
        }

        return node;
    }
}
