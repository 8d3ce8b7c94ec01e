using Connector.Leat.Money;

namespace Connector.Leat.Tests.Money;

public sealed class MinorUnitsTests
{
    [Theory]
    [InlineData(333, "1.5", 500)] // 499.5 → 500: half away from zero
    [InlineData(333, "0.5", 167)] // 166.5 → 167
    [InlineData(1000, "0.333", 333)]
    [InlineData(1250, "2", 2500)]
    [InlineData(999, "0.001", 1)] // 0.999 → 1
    [InlineData(499, "0.001", 0)] // 0.499 → 0
    [InlineData(-333, "1.5", -500)] // away from zero on the negative side too
    [InlineData(450, "0", 0)]
    public void Extend_rounds_price_times_quantity_half_away_from_zero(long price, string quantity, long expected)
    {
        Assert.Equal(expected, MinorUnits.Extend(price, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Extend_throws_overflow_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => MinorUnits.Extend(long.MaxValue, 2m));
    }
}
