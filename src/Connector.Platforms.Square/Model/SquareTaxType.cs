namespace Connector.Platforms.Square.Model;

/// <summary>Known tax <c>type</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareTaxType
{
    public const string UnknownTax = "UNKNOWN_TAX";

    public const string Additive = "ADDITIVE";

    public const string Inclusive = "INCLUSIVE";
}
