using Connector.Leat.Dispatch;
using Connector.Leat.Model;

namespace Connector.Leat.Tests.Dispatch;

public sealed class ReturnAllowanceTests
{
    private static readonly ReturnablePart[] Sold =
    [
        new(ReturnablePart.Line, "l1", 3, 2997, 3, 0, 0, 0),        // 3 × 1000 − 3 discount
        new(ReturnablePart.SubLine, "s1", 3, 150, 0, 0, 0, 0),
        new(ReturnablePart.Line, "kg", 1.5m, 1125, 0, 0, 0, 0),     // 1.5 kg × 750
        new(ReturnablePart.Charge, "tip", 0, 300, 0, 0, 0, 0),
        new(ReturnablePart.Discount, "d1", 0, 3, 0, 0, 0, 0),
    ];

    private static LeatOrderReturnRequest Request(
        IReadOnlyList<LeatReturnLineItem>? lines = null,
        IReadOnlyList<LeatReturnCharge>? charges = null,
        IReadOnlyList<LeatReturnDiscount>? discounts = null) => new()
    {
        ExternalIdentifier = "r",
        Order = new LeatOrderReference(null, "o"),
        Status = LeatReturnStatus.Completed,
        LineItems = lines,
        Charges = charges,
        AppliedDiscounts = discounts,
    };

    [Fact]
    public void Cap_derives_an_unstated_amount_in_proportion_to_the_quantity_rounding_half_away_from_zero()
    {
        var capped = ReturnAllowance.Cap(Request([new() { ExternalIdentifier = "l1", Quantity = 1 }]), Sold);

        var line = Assert.Single(capped.Request.LineItems!);
        Assert.Equal(999, line.TotalAmount); // 2997 / 3
        Assert.Equal(1, line.DiscountAmount); // 3 / 3
        Assert.Empty(capped.Caps);
    }

    [Fact]
    public void Cap_takes_exactly_the_remainder_when_the_rest_comes_back_so_partial_returns_sum_to_the_sale()
    {
        // An earlier return stated its own amount (749 for 1 kg), so proportion alone would leave 1 cent behind.
        var afterOne = Sold.Select(p => p.ExternalId == "kg" ? p with { ReturnedQuantity = 1m, ReturnedAmount = 749 } : p).ToList();

        var capped = ReturnAllowance.Cap(Request([new() { ExternalIdentifier = "kg", Quantity = 0.5m }]), afterOne);

        Assert.Equal(376, Assert.Single(capped.Request.LineItems!).TotalAmount); // 1125 − 749, not round(1125 × 0.5 / 1.5) = 375
        Assert.Equal(1125, 749 + capped.Consumed.Single().Amount);
    }

    [Fact]
    public void Cap_cuts_quantity_and_amount_to_what_remains_and_records_the_cut()
    {
        var partly = Sold.Select(p => p.ExternalId == "l1" ? p with { ReturnedQuantity = 2, ReturnedAmount = 1998, ReturnedDiscount = 2 } : p).ToList();

        var capped = ReturnAllowance.Cap(Request([new() { ExternalIdentifier = "l1", Quantity = 2, TotalAmount = 1998 }]), partly);

        var line = Assert.Single(capped.Request.LineItems!);
        Assert.Equal((1m, 999L), (line.Quantity, line.TotalAmount));
        Assert.Equal(new ReturnCap("line", "l1", 2, 1, 1998, 999), Assert.Single(capped.Caps));
    }

    [Fact]
    public void Cap_drops_a_capped_charges_amount_split_and_caps_discounts()
    {
        var capped = ReturnAllowance.Cap(
            Request(charges: [new() { ExternalIdentifier = "tip", Amount = 500, DiscountAmount = 100, TotalAmount = 400 }],
                    discounts: [new LeatReturnDiscount("d1", 10)]),
            Sold);

        var charge = Assert.Single(capped.Request.Charges!);
        Assert.Equal((300L, (long?)null, (long?)null), (charge.TotalAmount, charge.Amount, charge.DiscountAmount));
        Assert.Equal(3, Assert.Single(capped.Request.AppliedDiscounts!).Amount);
        Assert.Equal(2, capped.Caps.Count);
    }

    [Fact]
    public void Cap_keeps_a_zero_quantity_line_whose_sub_lines_still_come_back()
    {
        var lineGone = Sold.Select(p => p.ExternalId == "l1" ? p with { ReturnedQuantity = 3, ReturnedAmount = 2997, ReturnedDiscount = 3 } : p).ToList();

        var capped = ReturnAllowance.Cap(Request([new()
        {
            ExternalIdentifier = "l1",
            Quantity = 1,
            SubLineItems = [new() { ExternalIdentifier = "s1", Quantity = 1 }],
        }]), lineGone);

        var line = Assert.Single(capped.Request.LineItems!);
        Assert.Equal((0m, 0L), (line.Quantity, line.TotalAmount));
        Assert.Equal(50, Assert.Single(line.SubLineItems!).TotalAmount);
        Assert.False(capped.IsEmpty);
    }

    [Fact]
    public void Cap_counts_a_line_named_twice_in_one_return_against_one_balance()
    {
        var capped = ReturnAllowance.Cap(Request([
            new() { ExternalIdentifier = "l1", Quantity = 2 },
            new() { ExternalIdentifier = "l1", Quantity = 2 },
        ]), Sold);

        Assert.Equal(3m, capped.Request.LineItems!.Sum(l => l.Quantity));
        Assert.Equal(2997, capped.Request.LineItems!.Sum(l => l.TotalAmount));
    }

    [Fact]
    public void Cap_is_empty_when_everything_named_was_already_returned()
    {
        var allBack = Sold.Select(p => p with { ReturnedQuantity = p.SoldQuantity, ReturnedAmount = p.SoldAmount, ReturnedDiscount = p.SoldDiscount }).ToList();

        var capped = ReturnAllowance.Cap(Request([new() { ExternalIdentifier = "kg", Quantity = 1 }], discounts: [new LeatReturnDiscount("d1", 1)]), allBack);

        Assert.True(capped.IsEmpty);
        Assert.Null(capped.Request.LineItems);
        Assert.Null(capped.Request.AppliedDiscounts);
    }

    /// <summary>The order as sent: l1 (with sub line s1), kg, and the tip charge, in that order.</summary>
    private static readonly LeatOrderRequest SoldOrder = new()
    {
        ExternalIdentifier = "o",
        Status = LeatOrderStatus.Completed,
        PaymentStatus = LeatPaymentStatus.Paid,
        TotalOrderAmount = 4572,
        Contact = new LeatUuidRef(""),
        BusinessProfile = new LeatUuidRef("shop"),
        LineItems =
        [
            new() { ExternalIdentifier = "l1", Name = "l1", Quantity = 3, Price = 1000, DiscountAmount = 3, TotalAmount = 2997, SubLineItems = [new() { ExternalIdentifier = "s1", Name = "s1", Quantity = 3, Price = 50, TotalAmount = 150 }] },
            new() { ExternalIdentifier = "kg", Name = "kg", Quantity = 1.5m, Price = 750, TotalAmount = 1125 },
        ],
        Charges = [new() { ExternalIdentifier = "tip", Name = "Tip", TotalAmount = 300, ChargeDefinition = new LeatExternalRef("GRATUITY") }],
    };

    private static ReturnDispatch AmountOnly(long amount, LeatOrderReturnRequest? itemized = null) => new()
    {
        Platform = "test",
        SourceId = "r",
        // The preview's amounts must not count: the allowance rebuilds them from the itemized part and the spread.
        Return = Request([new() { ExternalIdentifier = "l1", Quantity = 0, TotalAmount = 999_999 }]),
        SpreadAmount = amount,
        Itemized = itemized,
        SpreadOver = SoldOrder,
    };

    [Fact]
    public void Cap_spreads_an_amount_only_refund_over_what_remains_nesting_sub_lines_under_their_line()
    {
        // l1 is back in full already; 1000 is spread over s1 150, kg 1125 and tip 300 (Σ 1575).
        var l1Back = Sold.Select(p => p.ExternalId == "l1" ? p with { ReturnedQuantity = 3, ReturnedAmount = 2997, ReturnedDiscount = 3 } : p).ToList();

        var capped = ReturnAllowance.Cap(AmountOnly(1000), l1Back);

        Assert.Equal(
            [("sub_line", "s1", 95L), ("line", "kg", 714L), ("charge", "tip", 191L)], // 95.2 / 714.3 / 190.5: the leftover cent to the tip
            capped.Consumed.Select(c => (c.Part, c.ExternalId, c.Amount)));
        var parent = capped.Request.LineItems![0];
        Assert.Equal(("l1", 0m, 0L), (parent.ExternalIdentifier, parent.Quantity, parent.TotalAmount));
        Assert.Equal(("s1", 0m, 95L), (parent.SubLineItems![0].ExternalIdentifier, parent.SubLineItems[0].Quantity, parent.SubLineItems[0].TotalAmount));
        Assert.Equal(("kg", 714L), (capped.Request.LineItems[1].ExternalIdentifier, capped.Request.LineItems[1].TotalAmount!.Value));
        Assert.Equal((191L, (long?)191), (capped.Request.Charges![0].TotalAmount, capped.Request.Charges[0].Amount));
        Assert.Empty(capped.Caps);
    }

    [Fact]
    public void Cap_spreads_after_the_itemized_part_of_the_same_return_and_adds_to_its_lines()
    {
        var itemized = Request([new() { ExternalIdentifier = "kg", Quantity = 1.5m, TotalAmount = 1125 }]);

        var capped = ReturnAllowance.Cap(AmountOnly(300, itemized), Sold);

        // kg is gone with the itemized part, so 300 goes over l1 2997, s1 150 and tip 300 (Σ 3447): 261 + 13 + 26.
        Assert.Equal([1125L, 261L, 13L, 26L], capped.Consumed.Select(c => c.Amount));
        Assert.Equal(["kg", "l1"], capped.Request.LineItems!.Select(l => l.ExternalIdentifier));
        Assert.Equal((1125L, 1.5m), (capped.Request.LineItems![0].TotalAmount!.Value, capped.Request.LineItems[0].Quantity));
        Assert.Equal(1125 + 300, capped.Consumed.Sum(c => c.Amount));
    }

    [Fact]
    public void Cap_cuts_an_amount_only_refund_at_what_remains_and_records_the_cut()
    {
        var capped = ReturnAllowance.Cap(AmountOnly(10_000), Sold);

        Assert.Equal(new ReturnCap(ReturnDispatch.AmountOnlyPart, "o", 0, 0, 10_000, 4572), Assert.Single(capped.Caps));
        Assert.Equal([2997L, 150L, 1125L, 300L], capped.Consumed.Select(c => c.Amount));
    }

    [Fact]
    public void Cap_refuses_a_spread_without_the_order_to_spread_it_over()
    {
        var error = Assert.Throws<DispatchRejectedException>(() => ReturnAllowance.Cap(AmountOnly(100) with { SpreadOver = null }, Sold));

        Assert.Equal("Return r spreads an amount of 100 but does not say over which order's parts.", error.Message);
    }
}
