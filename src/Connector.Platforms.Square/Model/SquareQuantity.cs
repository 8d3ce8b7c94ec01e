using System.Globalization;

namespace Connector.Platforms.Square.Model;

/// <summary>
/// Square sends quantities as decimal text (<c>"1"</c>, <c>"2.25"</c>, <c>"1.70000"</c>). They stay strings in the
/// wire model and are parsed here, with the invariant culture so a server locale can never turn <c>"1.5"</c> into 15.
/// </summary>
public static class SquareQuantity
{
    // Plain digits with an optional decimal point: no sign, exponent, thousands separator or surrounding space, none
    // of which Square sends; accepting them would hide a corrupted payload.
    private const NumberStyles Style = NumberStyles.AllowDecimalPoint;

    /// <summary>Parses a Square quantity.</summary>
    /// <exception cref="FormatException">The text is missing or not a non-negative decimal number.</exception>
    public static decimal Parse(string? quantity) =>
        TryParse(quantity, out var value)
            ? value
            : throw new FormatException(
                quantity is null
                    ? "Square quantity is missing."
                    : $"Square quantity '{quantity}' is not a non-negative decimal number (expected text such as \"1\" or \"2.25\").");

    /// <summary>Parses a Square quantity; false for missing or malformed text.</summary>
    public static bool TryParse(string? quantity, out decimal value)
    {
        value = 0m;
        return !string.IsNullOrEmpty(quantity)
            && quantity.Length <= 32
            && decimal.TryParse(quantity, Style, CultureInfo.InvariantCulture, out value);
    }
}
