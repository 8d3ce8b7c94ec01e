using Connector.Leat.Money;

namespace Connector.Leat.Tests.Money;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("EUR", "12.34", 1234)]
    [InlineData("EUR", "12.3", 1230)]
    [InlineData("EUR", "-0.01", -1)]
    [InlineData("JPY", "1500", 1500)]
    [InlineData("KRW", "1500.0", 1500)]
    [InlineData("KWD", "1.25", 1250)]
    [InlineData("BHD", "0.005", 5)]
    [InlineData("CLF", "1.2345", 12345)]
    public void FromMajor_converts_exactly_by_the_currency_exponent(string code, string major, long minor)
    {
        var money = Connector.Leat.Money.Money.FromMajor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(code));

        Assert.Equal(minor, money.Minor);
        Assert.Equal(code, money.Currency.Code);
        Assert.Equal(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), money.ToMajor());
    }

    [Fact]
    public void FromMajor_refuses_sub_minor_precision_instead_of_rounding()
    {
        var error = Assert.Throws<ArgumentException>(() => Connector.Leat.Money.Money.FromMajor(12.345m, Currency.EUR));

        Assert.StartsWith("12.345 EUR has more decimals than EUR has minor units (2); refusing to round it.", error.Message);
    }

    [Fact]
    public void FromMajor_refuses_fractional_yen()
    {
        Assert.Throws<ArgumentException>(() => Connector.Leat.Money.Money.FromMajor(10.5m, Currency.JPY));
    }

    [Fact]
    public void FromMajor_throws_overflow_when_minor_units_do_not_fit_in_long()
    {
        Assert.Throws<OverflowException>(() => Connector.Leat.Money.Money.FromMajor(100_000_000_000_000_000m, Currency.EUR));
    }

    [Fact]
    public void Currency_Of_rejects_unknown_codes_unless_explicitly_allowed()
    {
        var error = Assert.Throws<ArgumentException>(() => Currency.Of("XYZ"));
        Assert.StartsWith("Unknown currency code 'XYZ'", error.Message);

        var custom = Currency.WithExponent("xyz", 1);
        Assert.Equal(("XYZ", 1), (custom.Code, custom.Exponent));
        Assert.Equal(123, Connector.Leat.Money.Money.FromMajor(12.3m, custom).Minor);
    }

    [Theory]
    [InlineData("eur", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLF", 4)]
    public void Currency_Of_knows_the_ISO_4217_exponent(string code, int exponent)
    {
        Assert.Equal(exponent, Currency.Of(code).Exponent);
    }

    [Fact]
    public void Addition_and_subtraction_work_within_one_currency_only()
    {
        var a = new Connector.Leat.Money.Money(1250, Currency.EUR);
        var b = new Connector.Leat.Money.Money(250, Currency.EUR);

        Assert.Equal(new Connector.Leat.Money.Money(1500, Currency.EUR), a + b);
        Assert.Equal(new Connector.Leat.Money.Money(1000, Currency.EUR), a - b);
        var error = Assert.Throws<InvalidOperationException>(() => a + new Connector.Leat.Money.Money(1, Currency.USD));
        Assert.Equal("Cannot combine EUR and USD amounts.", error.Message);
    }

    [Fact]
    public void ToString_prints_major_units_with_the_currency_exponent()
    {
        Assert.Equal("12.34 EUR", new Connector.Leat.Money.Money(1234, Currency.EUR).ToString());
        Assert.Equal("1500 JPY", new Connector.Leat.Money.Money(1500, Currency.JPY).ToString());
        Assert.Equal("1.250 KWD", new Connector.Leat.Money.Money(1250, Currency.KWD).ToString());
    }
}
