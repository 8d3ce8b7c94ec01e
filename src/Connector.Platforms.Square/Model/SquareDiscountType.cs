namespace Connector.Platforms.Square.Model;

/// <summary>Known discount <c>type</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareDiscountType
{
    public const string UnknownDiscount = "UNKNOWN_DISCOUNT";

    public const string FixedPercentage = "FIXED_PERCENTAGE";

    public const string FixedAmount = "FIXED_AMOUNT";

    public const string VariablePercentage = "VARIABLE_PERCENTAGE";

    public const string VariableAmount = "VARIABLE_AMOUNT";
}
