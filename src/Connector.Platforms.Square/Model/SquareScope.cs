namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>scope</c> values of discounts, taxes and service charges (each also has an <c>OTHER_…_SCOPE</c> value used for reporting only). Kept as strings so an unknown value never fails a read.</summary>
public static class SquareScope
{
    public const string LineItem = "LINE_ITEM";

    public const string Order = "ORDER";

    public const string OtherDiscountScope = "OTHER_DISCOUNT_SCOPE";

    public const string OtherTaxScope = "OTHER_TAX_SCOPE";

    public const string OtherServiceChargeScope = "OTHER_SERVICE_CHARGE_SCOPE";
}
