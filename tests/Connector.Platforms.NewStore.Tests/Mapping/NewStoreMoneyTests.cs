using Connector.Leat.Money;
using Connector.Platforms.NewStore.Mapping;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Tests.Mapping;

public sealed class NewStoreMoneyTests
{
    [Theory]
    [InlineData("62.94", "USD", 6294)]
    [InlineData("58", "USD", 5800)]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1.250", "KWD", 1250)]
    [InlineData("0", "EUR", 0)]
    public void ToMinor_converts_major_units_exactly_with_the_currency_exponent(string amount, string currency, long expected)
    {
        Assert.Equal(expected, NewStoreMoney.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(currency), "x"));
    }

    [Fact]
    public void ToMinor_refuses_sub_minor_precision_naming_the_field()
    {
        var error = Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.ToMinor(1.005m, Currency.USD, "items[0].list_price"));
        Assert.Equal("items[0].list_price = 1.005 USD has more decimals than USD has minor units (2); refusing to round it.", error.Message);
        Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.ToMinor(12.5m, Currency.JPY, "amount"));
    }

    [Fact]
    public void CurrencyOf_refuses_an_unknown_code()
    {
        var error = Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.CurrencyOf("XYZ", "NewStore order 1"));
        Assert.Equal("NewStore order 1: currency \"XYZ\" is not a known ISO 4217 code, so its amounts cannot be converted exactly.", error.Message);
    }

    [Fact]
    public void Tax_excluded_grand_total_adds_shipping_shipping_tax_and_tax()
    {
        var order = Order("tax_excluded", subtotal: 98m, discount: 10m, shipping: 5m, shippingTax: 0.43m, tax: 8.35m, grand: 101.78m);
        Assert.Equal(10178, NewStoreMoney.ExpectedGrandTotal(order, Currency.USD));
    }

    [Fact]
    public void Tax_included_grand_total_leaves_tax_and_shipping_tax_inside_the_prices()
    {
        var order = Order("tax_included", subtotal: 69.94m, discount: 0m, shipping: 4.95m, shippingTax: 0.86m, tax: 12.14m, grand: 74.89m);
        Assert.Equal(7489, NewStoreMoney.ExpectedGrandTotal(order, Currency.EUR));
    }

    [Fact]
    public void CheckArithmetic_names_the_numbers_of_a_grand_total_mismatch()
    {
        var order = Order("tax_excluded", subtotal: 10m, discount: 0m, shipping: 0m, shippingTax: 0m, tax: 0.8m, grand: 11.5m, itemTax: 0.8m);
        var error = Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.CheckArithmetic(order, Currency.USD));
        Assert.Equal("NewStore order o1 (tax_excluded): subtotal 10 − discount_total 0 + shipping_total 0 + shipping_tax 0 + tax_total 0.8 = 10.80 USD, but grand_total is 11.50 USD.", error.Message);
    }

    [Fact]
    public void CheckArithmetic_refuses_items_that_disagree_with_the_subtotal()
    {
        var order = Order("tax_included", subtotal: 12m, discount: 0m, shipping: 0m, shippingTax: 0m, tax: 0m, grand: 12m);
        var error = Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.CheckArithmetic(order, Currency.USD));
        Assert.Equal("NewStore order o1: Σ items list_price × quantity = 10.00 USD, but subtotal is 12.00 USD.", error.Message);
    }

    [Fact]
    public void PriceMethod_refuses_a_missing_or_unknown_method()
    {
        Assert.Equal("NewStore order o1: price_method is missing; expected \"tax_excluded\" or \"tax_included\".",
            Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.PriceMethod(Order(null, 0, 0, 0, 0, 0, 0))).Message);
        Assert.Equal("NewStore order o1: price_method \"gross\" is unknown; expected \"tax_excluded\" or \"tax_included\".",
            Assert.Throws<NewStoreMappingException>(() => NewStoreMoney.PriceMethod(Order("gross", 0, 0, 0, 0, 0, 0))).Message);
    }

    private static NewStoreOrder Order(string? method, decimal subtotal, decimal discount, decimal shipping, decimal shippingTax, decimal tax, decimal grand, decimal itemTax = 0) => new()
    {
        Id = "o1",
        Currency = "USD",
        PriceMethod = method,
        Subtotal = subtotal,
        DiscountTotal = discount,
        ShippingTotal = shipping,
        ShippingTax = shippingTax,
        TaxTotal = tax,
        GrandTotal = grand,
        Items = [new NewStoreOrderItem { Id = "i1", ProductId = "p1", ListPrice = 10m, Tax = itemTax }],
    };
}

public sealed class NewStoreIdsTests
{
    [Fact]
    public void A_cancellation_key_does_not_depend_on_the_order_or_repetition_of_its_item_ids()
    {
        Assert.Equal(NewStoreIds.Cancellation("o1", ["b", "a"]), NewStoreIds.Cancellation("o1", ["a", "b", "a"]));
        Assert.NotEqual(NewStoreIds.Cancellation("o1", ["a"]), NewStoreIds.Cancellation("o1", ["a", "b"]));
        Assert.Matches("^newstore:cancel:o1:[0-9a-f]{16}$", NewStoreIds.Cancellation("o1", ["a"]));
    }
}
