namespace Connector.Platforms.Square.Model;

/// <summary>Known service charge <c>treatment_type</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareServiceChargeTreatmentType
{
    public const string LineItemTreatment = "LINE_ITEM_TREATMENT";

    public const string ApportionedTreatment = "APPORTIONED_TREATMENT";
}
