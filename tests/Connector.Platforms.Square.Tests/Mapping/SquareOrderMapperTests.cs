using Connector.Leat.Balance;
using Connector.Platforms.Square.Mapping;
using Connector.Platforms.Square.Model;
using static Connector.Platforms.Square.Tests.Mapping.SquareTestOrders;

namespace Connector.Platforms.Square.Tests.Mapping;

public sealed class SquareOrderMapperTests
{
    private const string Shop = "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001";

    [Fact]
    public void Configuration_is_valid() => SquareMapperConfiguration.Create().AssertConfigurationIsValid();

    [Theory]
    [InlineData("COMPLETED", true, false, true)]
    [InlineData("OPEN", true, false, false)]
    [InlineData("CANCELED", true, false, false)]
    [InlineData("COMPLETED", false, true, false)]
    [InlineData("COMPLETED", true, true, true)]
    public void IsSaleToSync_takes_syncable_states_and_skips_pure_return_orders(string state, bool hasLines, bool hasReturns, bool expected)
    {
        var order = new SquareOrder
        {
            Id = "O1",
            State = state,
            LineItems = hasLines ? [Line("L1", "1", 100)] : null,
            Returns = hasReturns ? [new SquareOrderReturn { Uid = "R1", SourceOrderId = "S1" }] : null,
        };
        Assert.Equal(expected, SquareOrderMapper.IsSaleToSync(order, SquareMappingRules.Default));
        Assert.Equal(hasLines && hasReturns, SquareOrderMapper.IsExchange(order));
    }

    [Fact]
    public void IsSaleToSync_follows_the_sale_states_rule()
    {
        var order = new SquareOrder { Id = "O1", State = "OPEN", LineItems = [Line("L1", "1", 100)] };
        var rules = SquareMappingRules.Default with { SaleStates = new HashSet<string> { "OPEN", "COMPLETED" } };
        Assert.True(SquareOrderMapper.IsSaleToSync(order, rules));
    }

    [Fact]
    public void MapSale_drops_zero_quantity_lines_and_trims_padded_quantities()
    {
        var order = new SquareOrder { Id = "O1", State = "COMPLETED", LineItems = [Line("L1", "1.70000", 1000), Line("L2", "0", 500)] };
        var sale = SquareOrderMapper.MapSale(order, Shop, SquareMappingRules.Default);
        var line = Assert.Single(sale.LineItems);
        Assert.Equal("1.7", line.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1700, line.TotalAmount);
        Assert.True(LeatPayloadBalance.Check(sale).IsBalanced);
    }

    [Fact]
    public void MapSale_refuses_a_line_discount_larger_than_the_line()
    {
        var order = new SquareOrder
        {
            Id = "O1",
            State = "COMPLETED",
            Discounts = [new SquareOrderLineItemDiscount { Uid = "D1", Name = "Too much", Scope = "LINE_ITEM" }],
            LineItems = [Line("L1", "1", 100) with { AppliedDiscounts = [new SquareOrderLineItemAppliedDiscount { DiscountUid = "D1", AppliedMoney = new SquareMoney(150, "EUR") }] }],
        };
        var error = Assert.Throws<SquareMappingException>(() => SquareOrderMapper.MapSale(order, Shop, SquareMappingRules.Default));
        Assert.Equal("Square order O1, line L1: A line discount of 150 does not fit a line whose gross is 100. (Parameter 'discount')", error.Message);
    }

    [Fact]
    public void MapSale_refuses_an_order_without_id()
    {
        var error = Assert.Throws<SquareMappingException>(() => SquareOrderMapper.MapSale(new SquareOrder { State = "COMPLETED" }, Shop, SquareMappingRules.Default));
        Assert.Equal("A Square order without an id cannot be mapped.", error.Message);
    }

    [Fact]
    public void MapReturns_needs_the_sale_to_spread_an_amount_only_refund()
    {
        var returnOrder = new SquareOrder
        {
            Id = "RET1",
            Returns = [new SquareOrderReturn { Uid = "R1", SourceOrderId = "S1", ReturnAmounts = new SquareOrderMoneyAmounts { TotalMoney = new SquareMoney(500, "EUR") } }],
        };
        var error = Assert.Throws<SquareMappingException>(() => SquareOrderMapper.MapReturns(returnOrder, _ => null, SquareMappingRules.Default));
        Assert.Equal("Square return R1 on order RET1 refunds an amount of 500 without items; spreading it needs sale S1, which was not found.", error.Message);
    }

    [Fact]
    public void MapReturns_skips_an_entry_that_returns_nothing()
    {
        var returnOrder = new SquareOrder { Id = "RET1", Returns = [new SquareOrderReturn { Uid = "R1", SourceOrderId = "S1" }] };
        var result = Assert.Single(SquareOrderMapper.MapReturns(returnOrder, _ => null, SquareMappingRules.Default));
        Assert.True(result.IsSkipped);
        Assert.Equal("S1", result.SaleOrderId);
        Assert.Equal("Square return R1 on order RET1 returns nothing with a quantity or amount; nothing to send to Leat", result.SkipReason);
    }

    [Fact]
    public void MapReturns_keeps_itemized_and_amount_only_parts_of_one_line_together()
    {
        var sale = new SquareOrder { Id = "S1", State = "COMPLETED", LineItems = [Line("L1", "2", 1000), Line("L2", "1", 1000)] };
        var returnOrder = new SquareOrder
        {
            Id = "RET1",
            Returns =
            [
                new SquareOrderReturn
                {
                    Uid = "R1",
                    SourceOrderId = "S1",
                    ReturnLineItems =
                    [
                        new SquareOrderReturnLineItem { Uid = "RL1", SourceLineItemUid = "L1", Quantity = "1", BasePriceMoney = new SquareMoney(1000, "EUR") },
                        new SquareOrderReturnLineItem { Uid = "RL2", Quantity = "1", ItemType = "CUSTOM_AMOUNT", TotalMoney = new SquareMoney(300, "EUR") },
                    ],
                },
            ],
        };
        var result = Assert.Single(SquareOrderMapper.MapReturns(returnOrder, id => id == "S1" ? sale : null, SquareMappingRules.Default));
        var lines = result.Return!.LineItems!;
        // 300 spread over what remains once the itemized unit of L1 is taken, 1000:1000 → 150 on L1 (added to its itemized
        // 1000) and 150 on L2; the dispatcher spreads it by the same rule over what its ledger says remains.
        Assert.Equal([("square:S1:L1", 1m, 1150L), ("square:S1:L2", 0m, 150L)], lines.Select(l => (l.ExternalIdentifier, l.Quantity, l.TotalAmount!.Value)));
        Assert.Equal(300, result.SpreadAmount);
        Assert.Equal([("square:S1:L1", 1m, 1000L)], result.Itemized!.LineItems!.Select(l => (l.ExternalIdentifier, l.Quantity, l.TotalAmount!.Value)));
        Assert.Equal(["square:S1:L1", "square:S1:L2"], result.SpreadOver!.LineItems.Select(l => l.ExternalIdentifier));
        Assert.Equal("square:RET1:R1", result.Return.ExternalIdentifier);
        Assert.Equal("square:S1", result.Return.Order.ExternalIdentifier);
    }

    [Fact]
    public void MapReturns_apportions_an_omitted_additive_tax_when_the_lines_tax_mixes_in_an_inclusive_one()
    {
        // total_tax_money 75 on the return line counts the inclusive VAT too, so it cannot be the additive part: 100 × ½.
        var saleLine = Line("L1", "2", 1000) with
        {
            AppliedTaxes = [new() { TaxUid = "T1", AppliedMoney = new SquareMoney(100, "EUR") }, new() { TaxUid = "T2", AppliedMoney = new SquareMoney(50, "EUR") }],
        };
        var sale = new SquareOrder
        {
            Id = "S1",
            State = "COMPLETED",
            LineItems = [saleLine],
            Taxes = [new() { Uid = "T1", Type = SquareTaxType.Additive, AppliedMoney = new SquareMoney(100, "EUR") }, new() { Uid = "T2", Type = "INCLUSIVE", AppliedMoney = new SquareMoney(50, "EUR") }],
        };
        var returnOrder = new SquareOrder
        {
            Id = "RET1",
            Returns =
            [
                new SquareOrderReturn
                {
                    Uid = "R1",
                    SourceOrderId = "S1",
                    ReturnLineItems = [new() { Uid = "RL1", SourceLineItemUid = "L1", Quantity = "1", BasePriceMoney = new SquareMoney(1000, "EUR"), TotalTaxMoney = new SquareMoney(75, "EUR") }],
                },
            ],
        };

        var result = Assert.Single(SquareOrderMapper.MapReturns(returnOrder, id => id == "S1" ? sale : null, SquareMappingRules.Default));

        var tax = Assert.Single(result.Return!.Charges!);
        Assert.Equal(("square:S1:tax", 50L), (tax.ExternalIdentifier, tax.TotalAmount));
    }

    [Theory]
    [InlineData("charge", 50L + 10)]
    [InlineData("fold", 0L)]
    public void MapReturns_gives_back_the_same_omitted_tax_under_both_tax_rules(string taxRule, long expectedTaxCharge)
    {
        // A line of 2 × 1000 taxed 100 and a service charge of 200 taxed 20; half of each comes back, return_taxes omitted.
        var rules = SquareMappingRules.FromJson(System.Text.Json.JsonDocument.Parse($$"""{"locations": {}, "tax_rule": "{{taxRule}}"}""").RootElement, "test");
        var sale = new SquareOrder
        {
            Id = "S1",
            State = "COMPLETED",
            LineItems = [Line("L1", "2", 1000) with { AppliedTaxes = [new() { TaxUid = "T1", AppliedMoney = new SquareMoney(100, "EUR") }] }],
            ServiceCharges = [new() { Uid = "SC1", Name = "Service", AppliedMoney = new SquareMoney(200, "EUR"), TotalMoney = new SquareMoney(220, "EUR") }],
            Taxes = [new() { Uid = "T1", Type = SquareTaxType.Additive, AppliedMoney = new SquareMoney(120, "EUR") }],
        };
        var returnOrder = new SquareOrder
        {
            Id = "RET1",
            Returns =
            [
                new SquareOrderReturn
                {
                    Uid = "R1",
                    SourceOrderId = "S1",
                    ReturnLineItems = [new() { Uid = "RL1", SourceLineItemUid = "L1", Quantity = "1", BasePriceMoney = new SquareMoney(1000, "EUR") }],
                    ReturnServiceCharges = [new() { Uid = "RSC1", SourceServiceChargeUid = "SC1", AppliedMoney = new SquareMoney(100, "EUR"), TotalMoney = new SquareMoney(110, "EUR") }],
                },
            ],
        };

        var result = Assert.Single(SquareOrderMapper.MapReturns(returnOrder, id => id == "S1" ? sale : null, rules)).Return!;

        // Either way 1160 comes back: the line 1000 with its tax 100 × ½ = 50, the service charge 100 with its tax 10;
        // the charge rule puts both taxes on the TAX charge, the fold rule on the line's tax sub line and in the charge.
        var lines = result.LineItems!.Sum(l => l.TotalAmount!.Value + (l.SubLineItems ?? []).Sum(s => s.TotalAmount!.Value));
        Assert.Equal(1160, lines + result.Charges!.Sum(c => c.TotalAmount));
        Assert.Equal(expectedTaxCharge, result.Charges!.Where(c => c.ExternalIdentifier == "square:S1:tax").Sum(c => c.TotalAmount));
    }
}
