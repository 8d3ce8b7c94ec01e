using System.Globalization;

namespace Connector.Sandbox.Leat;

/// <summary>ISO 4217 minor-unit exponents the fake needs to turn minor units into whole currency units for points.</summary>
internal static class Currencies
{
    private static readonly HashSet<string> ZeroDecimal = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];
    private static readonly HashSet<string> ThreeDecimal = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    public static int Exponent(string currency) =>
        ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;

    public static decimal MinorPerUnit(string currency) => Exponent(currency) switch
    {
        0 => 1m,
        3 => 1000m,
        _ => 100m,
    };

    /// <summary>Like the docs' <c>formatted_total_order_amount</c> ("€ 33.31").</summary>
    public static string Format(long minor, string currency)
    {
        var exponent = Exponent(currency);
        var major = minor / MinorPerUnit(currency);
        var symbol = currency switch
        {
            "EUR" => "€",
            "USD" => "$",
            "GBP" => "£",
            _ => currency,
        };
        return symbol + " " + major.ToString("F" + exponent, CultureInfo.InvariantCulture);
    }
}
