namespace Connector.Leat.Model;

/// <summary>External identifiers of the charge definitions every Leat account has by default.</summary>
public static class LeatChargeDefinitions
{
    public const string ServiceCharge = "SERVICE_CHARGE";

    public const string Gratuity = "GRATUITY";

    public const string Shipping = "SHIPPING";

    public const string Wrapping = "WRAPPING";

    public const string Tax = "TAX";
}
