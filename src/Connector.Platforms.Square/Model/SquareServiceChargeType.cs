namespace Connector.Platforms.Square.Model;

/// <summary>Known service charge <c>type</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareServiceChargeType
{
    public const string AutoGratuity = "AUTO_GRATUITY";

    public const string Custom = "CUSTOM";
}
