namespace Connector.Leat.Money;

/// <summary>Arithmetic on minor-unit amounts that every payload builder and the balance check share.</summary>
public static class MinorUnits
{
    /// <summary>
    /// The one rounding rule of the connector: <c>price × quantity</c> rounded to whole minor units, half away from
    /// zero (<see cref="MidpointRounding.AwayFromZero"/>), as a till does: 1.5 kg × 333 = 499.5 → 500. Fractional
    /// quantities are legal in Leat; every line total the connector computes or checks goes through this method, so
    /// builders and the balance check can never disagree by a cent.
    /// </summary>
    /// <exception cref="OverflowException">The result does not fit in <c>long</c>.</exception>
    public static long Extend(long unitPrice, decimal quantity)
    {
        decimal product;
        try
        {
            product = checked(unitPrice * quantity);
        }
        catch (OverflowException)
        {
            throw new OverflowException($"price {unitPrice} × quantity {quantity} overflows.");
        }

        var rounded = decimal.Round(product, 0, MidpointRounding.AwayFromZero);
        return rounded is < long.MinValue or > long.MaxValue
            ? throw new OverflowException($"price {unitPrice} × quantity {quantity} = {rounded} does not fit in minor units.")
            : (long)rounded;
    }
}
