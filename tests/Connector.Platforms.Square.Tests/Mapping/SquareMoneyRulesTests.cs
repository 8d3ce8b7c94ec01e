using Connector.Platforms.Square.Mapping;

namespace Connector.Platforms.Square.Tests.Mapping;

public sealed class SquareMoneyRulesTests
{
    [Theory]
    [InlineData(450, "2", 0, 900)]
    [InlineData(8000, "1", 1600, 6400)]
    [InlineData(333, "1.5", 0, 500)]
    [InlineData(580, "2", 116, 1044)]
    public void LineTotal_is_price_times_quantity_minus_discount(long price, string quantity, long discount, long expected) =>
        Assert.Equal(expected, SquareMoneyRules.LineTotal(price, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), discount));

    [Fact]
    public void LineTotal_rounds_half_away_from_zero_where_Square_rounds_half_to_even()
    {
        // 2.5 × 333 = 832.5: Square's banker's rounding gives 832, the connector's (and Leat balance's) rule 833.
        Assert.Equal(833, SquareMoneyRules.LineTotal(333, 2.5m, 0));
        Assert.Equal(832, (long)decimal.Round(333 * 2.5m, 0, MidpointRounding.ToEven));
    }

    [Fact]
    public void LineTotal_refuses_a_discount_larger_than_the_line()
    {
        var error = Assert.Throws<ArgumentException>(() => SquareMoneyRules.LineTotal(500, 1m, 501));
        Assert.StartsWith("A discount of 501 does not fit a line of 1 × 500 = 500.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitLineDiscount_splits_by_gross_and_sums_exactly()
    {
        Assert.Equal([1600, 100], SquareMoneyRules.SplitLineDiscount(1700, [8000, 500]));
        var parts = SquareMoneyRules.SplitLineDiscount(100, [333, 333, 334]);
        Assert.Equal(100, parts.Sum());
        Assert.Equal([33, 33, 34], parts);
    }

    [Fact]
    public void SplitLineDiscount_never_gives_a_part_more_than_its_gross()
    {
        var parts = SquareMoneyRules.SplitLineDiscount(1000, [900, 100]);
        Assert.Equal([900, 100], parts);
        Assert.Throws<ArgumentException>(() => SquareMoneyRules.SplitLineDiscount(1001, [900, 100]));
    }

    [Fact]
    public void OrderTotals_subtracts_order_discounts_and_adds_charges()
    {
        var totals = SquareMoneyRules.OrderTotals(itemsTotal: 2920, orderDiscounts: 300, lineDiscounts: 280, chargesTotal: 1050);
        Assert.Equal(new SquareOrderTotals(2920, 3670, 580), totals);
    }

    [Fact]
    public void SpreadRefund_is_proportional_and_sums_exactly_to_the_refund()
    {
        // 500 × 900/1225 = 367.35, 500 × 325/1225 = 132.65: the spare cent goes to the larger remainder.
        Assert.Equal([367, 133], SquareMoneyRules.SpreadRefund(500, [900, 325]));
        var parts = SquareMoneyRules.SpreadRefund(1001, [1, 1, 1, 997]);
        Assert.Equal(1000, parts.Sum());
    }

    [Fact]
    public void SpreadRefund_cuts_a_refund_larger_than_the_sale_at_the_sale()
    {
        Assert.Equal([900, 325], SquareMoneyRules.SpreadRefund(5000, [900, 325]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SquareMoneyRules.SpreadRefund(-1, [900]));
    }

    [Fact]
    public void ReturnLineTotal_uses_the_sale_rule_and_never_goes_below_zero()
    {
        Assert.Equal(1080, SquareMoneyRules.ReturnLineTotal(1200, 1m, 120));
        Assert.Equal(0, SquareMoneyRules.ReturnLineTotal(100, 1m, 150));
    }

    [Theory]
    [InlineData("FIXED_PERCENTAGE", "7.25", null, "PERCENTAGE", "7.25")]
    [InlineData("VARIABLE_PERCENTAGE", "50", null, "PERCENTAGE", "50")]
    [InlineData("FIXED_AMOUNT", null, 300L, "ABSOLUTE", "300")]
    [InlineData("VARIABLE_AMOUNT", null, 125L, "ABSOLUTE", "125")]
    [InlineData("UNKNOWN_DISCOUNT", "10", 10L, null, null)]
    public void DiscountKind_maps_percentage_and_amount_discounts(string type, string? percentage, long? amount, string? leatType, string? value)
    {
        var (actualType, actualValue) = SquareMoneyRules.DiscountKind(type, percentage, amount);
        Assert.Equal(leatType, actualType);
        Assert.Equal(value is null ? null : decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), actualValue);
    }

    [Fact]
    public void ModifierQuantity_is_per_unit_quantity_times_line_quantity() =>
        Assert.Equal(4m, SquareMoneyRules.ModifierQuantity(2m, 2m));

    [Theory]
    [InlineData(296, 3000, 3000, "3", "3", 296)] // the whole line: all of its tax, whatever the rounding
    [InlineData(296, 1000, 3000, "1", "3", 99)]  // 98.67
    [InlineData(15, 500, 1000, "1", "2", 8)]     // 7.5: half away from zero, like the sale's amounts
    [InlineData(10, 5000, 3000, "1", "3", 10)]   // a base above the sale's: never more than the line's tax
    [InlineData(30, 0, 0, "1", "3", 10)]         // no base (a free line): by quantity
    [InlineData(0, 1000, 3000, "1", "3", 0)]
    public void ReturnedTaxShare_apportions_the_sale_lines_tax_by_the_returned_base(
        long saleLineTax, long returnedBase, long saleBase, string returned, string sold, long expected) =>
        Assert.Equal(expected, SquareMoneyRules.ReturnedTaxShare(
            saleLineTax, returnedBase, saleBase, decimal.Parse(returned, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(sold, System.Globalization.CultureInfo.InvariantCulture)));
}
