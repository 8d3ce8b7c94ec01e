using System.Globalization;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Tests.Model;

public sealed class SquareQuantityTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("2", "2")]
    [InlineData("2.25", "2.25")]
    [InlineData("1.70000", "1.7")]
    [InlineData("0", "0")]
    [InlineData("0.005", "0.005")]
    [InlineData(".5", "0.5")]
    public void Parse_reads_decimal_text_with_the_invariant_culture(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), SquareQuantity.Parse(text));
    }

    [Fact]
    public void Parse_ignores_the_current_culture_when_it_uses_a_decimal_comma()
    {
        var previous = CultureInfo.CurrentCulture;
        // The process runs with invariant globalization, so build a decimal-comma culture by hand (as nl-NL formats).
        var decimalComma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        decimalComma.NumberFormat.NumberDecimalSeparator = ",";
        decimalComma.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = decimalComma;
        try
        {
            Assert.Equal(1.5m, SquareQuantity.Parse("1.5"));
            Assert.Throws<FormatException>(() => SquareQuantity.Parse("1,5"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("-1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("NaN")]
    [InlineData("1.2.3")]
    public void Parse_refuses_garbage_with_a_message_quoting_the_text(string text)
    {
        var error = Assert.Throws<FormatException>(() => SquareQuantity.Parse(text));
        Assert.Equal(
            $"Square quantity '{text}' is not a non-negative decimal number (expected text such as \"1\" or \"2.25\").", error.Message);
        Assert.False(SquareQuantity.TryParse(text, out _));
    }

    [Fact]
    public void Parse_refuses_a_missing_quantity()
    {
        var error = Assert.Throws<FormatException>(() => SquareQuantity.Parse(null));
        Assert.Equal("Square quantity is missing.", error.Message);
    }
}
