namespace Connector.Platforms.Square.Model;

/// <summary>Known service charge <c>calculation_phase</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareServiceChargeCalculationPhase
{
    public const string SubtotalPhase = "SUBTOTAL_PHASE";

    public const string TotalPhase = "TOTAL_PHASE";

    public const string ApportionedPercentagePhase = "APPORTIONED_PERCENTAGE_PHASE";

    public const string ApportionedAmountPhase = "APPORTIONED_AMOUNT_PHASE";
}
