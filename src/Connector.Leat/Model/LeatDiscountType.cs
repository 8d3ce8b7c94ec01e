namespace Connector.Leat.Model;

/// <summary>Applied discount <c>type</c> values.</summary>
public static class LeatDiscountType
{
    public const string Percentage = "PERCENTAGE";

    public const string Absolute = "ABSOLUTE";
}
