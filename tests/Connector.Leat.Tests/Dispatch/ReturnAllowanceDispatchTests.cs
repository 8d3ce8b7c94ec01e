using System.Text.Json.Nodes;
using Connector.Leat.Dispatch;
using Connector.Leat.Model;
using Connector.Leat.Money;

namespace Connector.Leat.Tests.Dispatch;

/// <summary>
/// Amount-only refunds through the real dispatcher, ledger and Leat fake: the spread is finished under the order's row
/// locks over what earlier returns left, so it is neither under-returned nor above the sale.
/// </summary>
public sealed class ReturnAllowanceDispatchTests
{
    /// <summary>a 1000, b 500, c 2 × 250, and a tip of 300: 2300 in all.</summary>
    private static OrderDispatch Sale(string id) =>
        DispatchHarness.Sale(id, chargeTotal: 300, lines: [($"{id}:a", 1000, 1, 0), ($"{id}:b", 500, 1, 0), ($"{id}:c", 250, 2, 0)]);

    /// <summary>An amount-only refund as a platform sends it: a preview spread over what each part sold for, and the amount.</summary>
    private static ReturnDispatch AmountOnly(string id, OrderDispatch sale, long amount)
    {
        var order = sale.Order;
        var sold = order.LineItems.Select(l => l.TotalAmount).Append(order.Charges![0].TotalAmount).ToList();
        var preview = Apportion.LargestRemainderCapped(Math.Min(amount, sold.Sum()), sold, sold);
        return new ReturnDispatch
        {
            Platform = "test",
            SourceId = id,
            Return = new LeatOrderReturnRequest
            {
                ExternalIdentifier = id,
                Order = new LeatOrderReference(null, order.ExternalIdentifier),
                Status = LeatReturnStatus.Completed,
                LineItems = order.LineItems.Select((l, i) => new LeatReturnLineItem { ExternalIdentifier = l.ExternalIdentifier, Quantity = 0, TotalAmount = preview[i] }).ToList(),
                Charges = [new LeatReturnCharge { ExternalIdentifier = order.Charges[0].ExternalIdentifier, Amount = preview[^1], TotalAmount = preview[^1] }],
            },
            SpreadAmount = amount,
            SpreadOver = order,
        };
    }

    private static Dictionary<string, long> SentAmounts(DispatchHarness h, string returnId)
    {
        var body = JsonNode.Parse(h.Fake.Returns.Values.Single(r => r.ExternalIdentifier == returnId).RequestBody)!;
        var amounts = new Dictionary<string, long>();
        foreach (var line in body["line_items"]?.AsArray() ?? [])
        {
            amounts[line!["external_identifier"]!.GetValue<string>()] = line["total_amount"]!.GetValue<long>();
        }

        foreach (var charge in body["charges"]?.AsArray() ?? [])
        {
            amounts[charge!["external_identifier"]!.GetValue<string>()] = charge["total_amount"]!.GetValue<long>();
        }

        return amounts;
    }

    [Fact]
    public async Task An_amount_only_refund_after_an_itemized_return_is_spread_over_the_rest_only_and_sums_to_the_refund()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = Sale("o-rest");
        await h.Dispatcher.DispatchOrderAsync(sale, default);
        await h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-rest-1", "o-rest", ("o-rest:a", 1)), default);

        var result = await h.Dispatcher.DispatchReturnAsync(AmountOnly("r-rest-2", sale, 650), default);

        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Empty(result.Caps!);
        // What remains: b 500, c 500, tip 300 (Σ 1300); a got a share in the preview but has nothing left.
        Assert.Equal(
            new Dictionary<string, long> { ["o-rest:b"] = 250, ["o-rest:c"] = 250, ["o-rest:tip"] = 150 },
            SentAmounts(h, "r-rest-2"));
        Assert.Equal(650, SentAmounts(h, "r-rest-2").Values.Sum());
        Assert.Equal(1000L + 650L, await h.ScalarAsync<long>("SELECT sum(returned_amount)::bigint FROM leat.returnable WHERE order_external_id = 'o-rest'"));
    }

    [Fact]
    public async Task An_amount_only_refund_larger_than_what_remains_is_cut_there_with_a_cap()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = Sale("o-over");
        await h.Dispatcher.DispatchOrderAsync(sale, default);
        await h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-over-1", "o-over", ("o-over:a", 1)), default);

        var result = await h.Dispatcher.DispatchReturnAsync(AmountOnly("r-over-2", sale, 2000), default);

        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Equal(new ReturnCap(ReturnDispatch.AmountOnlyPart, "o-over", 0, 0, 2000, 1300), Assert.Single(result.Caps!));
        Assert.Equal(
            new Dictionary<string, long> { ["o-over:b"] = 500, ["o-over:c"] = 500, ["o-over:tip"] = 300 },
            SentAmounts(h, "r-over-2"));
        Assert.Equal("amount_only|2000|1300", await h.ScalarAsync<string>(
            "SELECT (caps->0->>'part') || '|' || (caps->0->>'requested_amount') || '|' || (caps->0->>'sent_amount') FROM leat.dispatch WHERE external_id = 'r-over-2'"));
        var order = h.Fake.Orders["o-over"];
        Assert.Equal(order.PointsAwarded, order.PointsReversed);
    }

    [Fact]
    public async Task Two_amount_only_refunds_in_a_row_add_up_to_at_most_the_sale()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = Sale("o-twice");
        await h.Dispatcher.DispatchOrderAsync(sale, default);

        var first = await h.Dispatcher.DispatchReturnAsync(AmountOnly("r-twice-1", sale, 1501), default);
        var second = await h.Dispatcher.DispatchReturnAsync(AmountOnly("r-twice-2", sale, 1501), default);
        var third = await h.Dispatcher.DispatchReturnAsync(AmountOnly("r-twice-3", sale, 1), default);

        Assert.Empty(first.Caps!);
        Assert.Equal(1501, SentAmounts(h, "r-twice-1").Values.Sum());
        Assert.Equal(new ReturnCap(ReturnDispatch.AmountOnlyPart, "o-twice", 0, 0, 1501, 799), Assert.Single(second.Caps!));
        Assert.Equal(799, SentAmounts(h, "r-twice-2").Values.Sum());
        Assert.Equal(DispatchOutcome.Skipped, third.Outcome);
        Assert.Contains("the refunded amount has no part left", third.Reason, StringComparison.Ordinal);
        Assert.Equal(2, h.ReturnCreates);
        // Every part comes back exactly once in all, none above what it sold for.
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM leat.returnable WHERE order_external_id = 'o-twice' AND part <> 'discount' AND returned_amount <> sold_amount"));
        var order = h.Fake.Orders["o-twice"];
        Assert.Equal(order.PointsAwarded, order.PointsReversed);
        Assert.Equal(0, h.Fake.ContactBalance(order.ContactUuid));
    }
}
