using System.Collections.Frozen;

namespace Connector.Leat.Money;

/// <summary>
/// An ISO 4217 currency and its minor-unit exponent (EUR 2: 1 EUR = 100 minor units; JPY 0; KWD 3; CLF 4).
/// Leat wants every amount in the currency's lowest denomination, so the exponent decides what "12.34" means;
/// an unknown code is refused rather than guessed (<see cref="WithExponent"/> is the explicit escape hatch).
/// </summary>
public readonly record struct Currency
{
    // ISO 4217 minor units for active codes whose exponent is not 2, plus the 2-decimal codes we expect to meet.
    private static readonly FrozenDictionary<string, int> Exponents = BuildTable();

    private Currency(string code, int exponent)
    {
        Code = code;
        Exponent = exponent;
    }

    public static Currency EUR => Of("EUR");

    public static Currency USD => Of("USD");

    public static Currency GBP => Of("GBP");

    public static Currency JPY => Of("JPY");

    public static Currency KWD => Of("KWD");

    /// <summary>Upper-case ISO 4217 code, e.g. <c>EUR</c>.</summary>
    public string Code { get; }

    /// <summary>Number of decimals of the minor unit: 10^Exponent minor units make one major unit.</summary>
    public int Exponent { get; }

    /// <summary>The currency for an ISO 4217 code (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The code is not in the table.</exception>
    public static Currency Of(string code) =>
        TryOf(code, out var currency)
            ? currency
            : throw new ArgumentException(
                $"Unknown currency code '{code}': its minor-unit exponent is not known, so amounts in it cannot be converted exactly.",
                nameof(code));

    /// <summary>Looks a code up without throwing.</summary>
    public static bool TryOf(string? code, out Currency currency)
    {
        var normalised = code?.Trim().ToUpperInvariant();
        if (normalised is not null && Exponents.TryGetValue(normalised, out var exponent))
        {
            currency = new Currency(normalised, exponent);
            return true;
        }

        currency = default;
        return false;
    }

    /// <summary>A currency outside the table, with an exponent the caller vouches for (e.g. from configuration).</summary>
    public static Currency WithExponent(string code, int exponent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 8);
        return new Currency(code.Trim().ToUpperInvariant(), exponent);
    }

    public override string ToString() => Code;

    private static FrozenDictionary<string, int> BuildTable()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".Split(' '))
        {
            table[code] = 0;
        }

        foreach (var code in "BHD IQD JOD KWD LYD OMR TND".Split(' '))
        {
            table[code] = 3;
        }

        foreach (var code in "CLF UYW".Split(' '))
        {
            table[code] = 4;
        }

        const string twoDecimals =
            "AED ARS AUD BGN BRL CAD CHF CNY COP CZK DKK EGP EUR GBP HKD HUF IDR ILS INR MAD MXN MYR NGN NOK NZD PEN PHP PKR PLN "
            + "QAR RON RSD SAR SEK SGD THB TRY TWD UAH USD ZAR KES GEL KZT LKR BDT VES DOP CRC GTQ HNL NIO PAB BOB UYU BAM MKD ALL "
            + "AMD AZN BYN MDL XCD JMD TTD BBD BSD BZD BMD KYD ANG AWG SRD GYD HTG FJD PGK WST TOP NPR MUR SCR MVR ZMW BWP NAD "
            + "MZN GHS ETB TZS";
        foreach (var code in twoDecimals.Split(' '))
        {
            table.TryAdd(code, 2);
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
