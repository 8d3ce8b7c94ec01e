using System.Globalization;

namespace Connector.Leat.Money;

/// <summary>
/// An amount in minor units (what Leat calls the currency's lowest denomination) with its currency.
/// Arithmetic only within one currency; conversions from major units are exact or refused.
/// </summary>
public readonly record struct Money(long Minor, Currency Currency)
{
    /// <summary>
    /// Converts a major-unit amount (as NewStore sends it) exactly: 12.34 EUR → 1234. An amount with more decimals than
    /// the currency's minor unit (12.345 EUR) is refused instead of rounded, because silently rounding a price changes
    /// what the customer paid and breaks the payload's totals.
    /// </summary>
    /// <exception cref="ArgumentException">Sub-minor precision.</exception>
    /// <exception cref="OverflowException">The amount does not fit in <c>long</c> minor units.</exception>
    public static Money FromMajor(decimal amount, Currency currency)
    {
        var scaled = amount * Pow10(currency.Exponent);
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException(
                $"{amount.ToString(CultureInfo.InvariantCulture)} {currency.Code} has more decimals than {currency.Code} has minor units "
                + $"({currency.Exponent}); refusing to round it.",
                nameof(amount));
        }

        if (scaled is < long.MinValue or > long.MaxValue)
        {
            throw new OverflowException($"{amount.ToString(CultureInfo.InvariantCulture)} {currency.Code} does not fit in minor units.");
        }

        return new Money((long)scaled, currency);
    }

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(Currency currency) => new(0, currency);

    /// <summary>The amount in major units, e.g. 1234 EUR minor → 12.34.</summary>
    public decimal ToMajor() => Minor / Pow10(Currency.Exponent);

    public static Money operator +(Money left, Money right) => new(checked(left.Minor + SameCurrency(left, right).Minor), left.Currency);

    public static Money operator -(Money left, Money right) => new(checked(left.Minor - SameCurrency(left, right).Minor), left.Currency);

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    /// <summary>E.g. <c>12.34 EUR</c>, <c>1500 JPY</c>, <c>1.250 KWD</c>.</summary>
    public override string ToString() =>
        ToMajor().ToString("F" + Currency.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Currency.Code;

    private static Money SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency
            ? right
            : throw new InvalidOperationException($"Cannot combine {left.Currency.Code} and {right.Currency.Code} amounts.");

    private static decimal Pow10(int exponent)
    {
        var factor = 1m;
        for (var i = 0; i < exponent; i++)
        {
            factor *= 10m;
        }

        return factor;
    }
}
