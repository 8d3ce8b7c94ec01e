using System.Globalization;
using Connector.Leat.Money;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// NewStore's decimal major units → Leat's <c>long</c> minor units, exactly or not at all, and the order arithmetic
/// NewStore's totals must satisfy. Plain functions so every rule is tested on its own.
/// </summary>
public static class NewStoreMoney
{
    public const string TaxExcluded = "tax_excluded";
    public const string TaxIncluded = "tax_included";

    /// <summary>The ISO 4217 currency of <paramref name="code"/>.</summary>
    /// <exception cref="NewStoreMappingException">The code is unknown, so its exponent is too.</exception>
    public static Currency CurrencyOf(string? code, string where) =>
        Currency.TryOf(code, out var currency)
            ? currency
            : throw new NewStoreMappingException($"{where}: currency \"{code}\" is not a known ISO 4217 code, so its amounts cannot be converted exactly.");

    /// <summary><paramref name="amount"/> major units as minor units of <paramref name="currency"/>: 62.94 USD → 6294.</summary>
    /// <exception cref="NewStoreMappingException">Sub-minor precision (1.005 USD) or an amount too large, naming <paramref name="field"/>.</exception>
    public static long ToMinor(decimal amount, Currency currency, string field)
    {
        try
        {
            return Money.FromMajor(amount, currency).Minor;
        }
        catch (ArgumentException)
        {
            throw new NewStoreMappingException(
                $"{field} = {amount.ToString(CultureInfo.InvariantCulture)} {currency.Code} has more decimals than {currency.Code} has minor units ({currency.Exponent}); refusing to round it.");
        }
        catch (OverflowException)
        {
            throw new NewStoreMappingException($"{field} = {amount.ToString(CultureInfo.InvariantCulture)} {currency.Code} does not fit in minor units.");
        }
    }

    /// <summary>
    /// The order's <c>grand_total</c> as its own totals compute it: <c>tax_excluded</c> → subtotal − discount_total +
    /// shipping_total + shipping_tax + tax_total; <c>tax_included</c> → subtotal − discount_total + shipping_total (tax and
    /// shipping tax are inside the prices). All in minor units.
    /// </summary>
    /// <exception cref="NewStoreMappingException">Unknown <c>price_method</c>, or an amount with sub-minor precision.</exception>
    public static long ExpectedGrandTotal(NewStoreOrder order, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(order);
        var subtotal = ToMinor(order.Subtotal, currency, "subtotal");
        var discount = ToMinor(order.DiscountTotal, currency, "discount_total");
        var shipping = ToMinor(order.ShippingTotal, currency, "shipping_total");
        var shippingTax = ToMinor(order.ShippingTax, currency, "shipping_tax");
        var tax = ToMinor(order.TaxTotal, currency, "tax_total");
        return PriceMethod(order) == TaxExcluded
            ? subtotal - discount + shipping + shippingTax + tax
            : subtotal - discount + shipping;
    }

    /// <summary>
    /// Checks the order's totals against <c>grand_total</c> and its items against the totals (Σ list_price × quantity =
    /// subtotal, Σ item_discounts + order_discounts = discount_total, and for <c>tax_excluded</c> Σ tax = tax_total), so a
    /// Leat order built from the items carries what the customer paid.
    /// </summary>
    /// <exception cref="NewStoreMappingException">A mismatch, naming the numbers.</exception>
    public static void CheckArithmetic(NewStoreOrder order, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(order);
        var method = PriceMethod(order);
        var grand = ToMinor(order.GrandTotal, currency, "grand_total");
        var expected = ExpectedGrandTotal(order, currency);
        if (expected != grand)
        {
            var formula = method == TaxExcluded
                ? string.Create(CultureInfo.InvariantCulture, $"subtotal {order.Subtotal} − discount_total {order.DiscountTotal} + shipping_total {order.ShippingTotal} + shipping_tax {order.ShippingTax} + tax_total {order.TaxTotal}")
                : string.Create(CultureInfo.InvariantCulture, $"subtotal {order.Subtotal} − discount_total {order.DiscountTotal} + shipping_total {order.ShippingTotal}");
            throw new NewStoreMappingException(
                $"NewStore order {order.Id} ({method}): {formula} = {Major(expected, currency)}, but grand_total is {Major(grand, currency)}.");
        }

        long listed = 0, discounted = 0, taxed = 0;
        for (var i = 0; i < order.Items.Count; i++)
        {
            var item = order.Items[i];
            listed += MinorUnits.Extend(ToMinor(item.ListPrice, currency, $"items[{i}].list_price"), item.Quantity);
            discounted += ToMinor(item.ItemDiscounts, currency, $"items[{i}].item_discounts") + ToMinor(item.OrderDiscounts, currency, $"items[{i}].order_discounts");
            taxed += ToMinor(item.Tax, currency, $"items[{i}].tax");
        }

        Same(order, "Σ items list_price × quantity", listed, "subtotal", ToMinor(order.Subtotal, currency, "subtotal"), currency);
        Same(order, "Σ items item_discounts + order_discounts", discounted, "discount_total", ToMinor(order.DiscountTotal, currency, "discount_total"), currency);
        if (method == TaxExcluded)
        {
            Same(order, "Σ items tax", taxed, "tax_total", ToMinor(order.TaxTotal, currency, "tax_total"), currency);
        }
    }

    /// <summary>The order's <c>price_method</c>, normalised.</summary>
    /// <exception cref="NewStoreMappingException">Missing or not one NewStore documents.</exception>
    public static string PriceMethod(NewStoreOrder order) =>
        order.PriceMethod?.Trim().ToLowerInvariant() switch
        {
            TaxExcluded => TaxExcluded,
            TaxIncluded => TaxIncluded,
            var other => throw new NewStoreMappingException(
                $"NewStore order {order.Id}: price_method {(other is null ? "is missing" : $"\"{order.PriceMethod}\" is unknown")}; expected \"tax_excluded\" or \"tax_included\"."),
        };

    /// <summary>E.g. <c>62.94 USD</c>.</summary>
    public static string Major(long minor, Currency currency) => new Money(minor, currency).ToString();

    private static void Same(NewStoreOrder order, string left, long leftValue, string right, long rightValue, Currency currency)
    {
        if (leftValue != rightValue)
        {
            throw new NewStoreMappingException($"NewStore order {order.Id}: {left} = {Major(leftValue, currency)}, but {right} is {Major(rightValue, currency)}.");
        }
    }
}
