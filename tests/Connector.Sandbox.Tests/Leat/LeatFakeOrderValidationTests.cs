namespace Connector.Sandbox.Tests.Leat;

public sealed class LeatFakeOrderValidationTests : LeatFakeTestBase
{
    [Theory]
    [InlineData("external_identifier", null, "external_identifier", "The external_identifier field is required.")]
    [InlineData("external_identifier", "\"\"", "external_identifier", "The external_identifier field is required.")]
    [InlineData("external_identifier", "42", "external_identifier", "The external_identifier field must be a string.")]
    [InlineData("status", null, "status", "The status field is required.")]
    [InlineData("status", "\"DONE\"", "status", "The selected status is invalid.")]
    [InlineData("payment_status", null, "payment_status", "The payment_status field is required.")]
    [InlineData("payment_status", "\"REFUNDED\"", "payment_status", "The selected payment_status is invalid.")]
    [InlineData("total_order_amount", null, "total_order_amount", "The total_order_amount field is required.")]
    [InlineData("total_order_amount", "34.5", "total_order_amount", "The total_order_amount field must be an integer.")]
    [InlineData("total_order_amount", "\"3450\"", "total_order_amount", "The total_order_amount field must be an integer.")]
    [InlineData("total_order_amount", "-1", "total_order_amount", "The total_order_amount field must be at least 0.")]
    [InlineData("order_amount", "3675.0", "order_amount", "The order_amount field must be an integer.")]
    [InlineData("total_discount_amount", "-5", "total_discount_amount", "The total_discount_amount field must be at least 0.")]
    [InlineData("currency", "\"eur\"", "currency", "The currency field format is invalid.")]
    [InlineData("currency", "\"EURO\"", "currency", "The currency field format is invalid.")]
    [InlineData("paid_at", "\"yesterday\"", "paid_at", "The paid_at field must be a valid date.")]
    [InlineData("contact", null, "contact", "The contact field is required.")]
    [InlineData("contact.uuid", null, "contact.uuid", "The contact.uuid field is required.")]
    [InlineData("contact.uuid", "\"00000000-0000-0000-0000-000000000000\"", "contact.uuid", "The selected contact.uuid is invalid.")]
    [InlineData("business_profile.uuid", null, "business_profile.uuid", "The business_profile.uuid field is required.")]
    [InlineData("business_profile.uuid", "\"no-such-shop\"", "business_profile.uuid", "The selected business_profile.uuid is invalid.")]
    [InlineData("line_items", null, "line_items", "The line_items field is required.")]
    [InlineData("line_items", "[]", "line_items", "The line_items field is required.")]
    [InlineData("line_items", "{}", "line_items", "The line_items field must be an array.")]
    [InlineData("line_items.0.external_identifier", null, "line_items.0.external_identifier", "The line_items.0.external_identifier field is required.")]
    [InlineData("line_items.0.name", null, "line_items.0.name", "The line_items.0.name field is required.")]
    [InlineData("line_items.0.quantity", null, "line_items.0.quantity", "The line_items.0.quantity field is required.")]
    [InlineData("line_items.0.quantity", "0", "line_items.0.quantity", "The line_items.0.quantity field must be greater than 0.")]
    [InlineData("line_items.0.quantity", "\"2\"", "line_items.0.quantity", "The line_items.0.quantity field must be a number.")]
    [InlineData("line_items.0.price", null, "line_items.0.price", "The line_items.0.price field is required.")]
    [InlineData("line_items.0.price", "12.5", "line_items.0.price", "The line_items.0.price field must be an integer.")]
    [InlineData("line_items.0.total_amount", null, "line_items.0.total_amount", "The line_items.0.total_amount field is required.")]
    [InlineData("line_items.0.discount_amount", "\"0\"", "line_items.0.discount_amount", "The line_items.0.discount_amount field must be an integer.")]
    [InlineData("line_items.0.product", "{}", "line_items.0.product.external_identifier", "The line_items.0.product.external_identifier field is required.")]
    [InlineData("line_items.0.result", "{\"uuid\":\"r-1\",\"type\":\"POINTS\"}", "line_items.0.result.type", "The selected line_items.0.result.type is invalid.")]
    [InlineData("line_items.0.result", "{\"type\":\"VOUCHER\"}", "line_items.0.result.uuid", "The line_items.0.result.uuid field is required.")]
    [InlineData("line_items.1.external_identifier", "\"L1\"", "line_items.1.external_identifier", "The line_items.1.external_identifier field has a duplicate value.")]
    [InlineData("line_items.0.sub_line_items.0.external_identifier", "\"L2\"", "line_items.1.external_identifier", "The line_items.1.external_identifier field has a duplicate value.")]
    [InlineData("line_items.0.sub_line_items.0.external_identifier", null, "line_items.0.sub_line_items.0.external_identifier", "The line_items.0.sub_line_items.0.external_identifier field is required.")]
    [InlineData("line_items.0.sub_line_items.0.name", null, "line_items.0.sub_line_items.0.name", "The line_items.0.sub_line_items.0.name field is required.")]
    [InlineData("line_items.0.sub_line_items.0.quantity", "-1", "line_items.0.sub_line_items.0.quantity", "The line_items.0.sub_line_items.0.quantity field must be greater than 0.")]
    [InlineData("line_items.0.sub_line_items.0.price", null, "line_items.0.sub_line_items.0.price", "The line_items.0.sub_line_items.0.price field is required.")]
    [InlineData("line_items.0.sub_line_items.0.total_amount", "5.5", "line_items.0.sub_line_items.0.total_amount", "The line_items.0.sub_line_items.0.total_amount field must be an integer.")]
    [InlineData("applied_discounts.0.external_identifier", null, "applied_discounts.0.external_identifier", "The applied_discounts.0.external_identifier field is required.")]
    [InlineData("applied_discounts.1.external_identifier", "\"D1\"", "applied_discounts.1.external_identifier", "The applied_discounts.1.external_identifier field has a duplicate value.")]
    [InlineData("applied_discounts.0.name", null, "applied_discounts.0.name", "The applied_discounts.0.name field is required.")]
    [InlineData("applied_discounts.0.amount", null, "applied_discounts.0.amount", "The applied_discounts.0.amount field is required.")]
    [InlineData("applied_discounts.0.amount", "2.25", "applied_discounts.0.amount", "The applied_discounts.0.amount field must be an integer.")]
    [InlineData("applied_discounts.0.applied_to", null, "applied_discounts.0.applied_to", "The applied_discounts.0.applied_to field is required.")]
    [InlineData("applied_discounts.0.applied_to", "\"LINE_ITEM\"", "applied_discounts.0.applied_to", "The selected applied_discounts.0.applied_to is invalid.")]
    [InlineData("applied_discounts.0.type", "\"FIXED\"", "applied_discounts.0.type", "The selected applied_discounts.0.type is invalid.")]
    [InlineData("applied_discounts.0.line_items.0.external_identifier", "\"NOPE\"", "applied_discounts.0.line_items.0.external_identifier", "The selected applied_discounts.0.line_items.0.external_identifier is invalid.")]
    [InlineData("applied_discounts.0.offer", "{\"uuid\":\"o-1\",\"type\":\"GIFT\"}", "applied_discounts.0.offer.type", "The selected applied_discounts.0.offer.type is invalid.")]
    [InlineData("charges.0.external_identifier", null, "charges.0.external_identifier", "The charges.0.external_identifier field is required.")]
    [InlineData("charges.0.name", null, "charges.0.name", "The charges.0.name field is required.")]
    [InlineData("charges.0.total_amount", null, "charges.0.total_amount", "The charges.0.total_amount field is required.")]
    [InlineData("charges.0.amount", "\"381\"", "charges.0.amount", "The charges.0.amount field must be an integer.")]
    [InlineData("payments", "[{\"uuid\":\"p-1\",\"type\":\"CASH\"}]", "payments.0.type", "The selected payments.0.type is invalid.")]
    [InlineData("payments", "[{\"type\":\"GIFTCARD_TRANSACTION\"}]", "payments.0.uuid", "The payments.0.uuid field is required.")]
    public async Task Create_order_is_rejected_with_422_when_a_field_breaks_the_contract(string path, string? value, string errorKey, string message)
    {
        var contact = await ContactAsync();
        var order = Mutate(Order(contact), path, value);

        var reply = await PostAsync("orders/create-and-process", order.ToJsonString());

        AssertValidationError(reply, errorKey, message);
        Assert.Empty(Fake.Orders);
        Assert.Equal(0, Fake.ContactBalance(contact));
    }

    [Fact]
    public async Task Create_order_reports_every_invalid_field_at_once_when_the_body_is_not_json()
    {
        var reply = await PostAsync("orders", "this is not json");

        AssertValidationError(reply, "external_identifier", "The external_identifier field is required.");
        AssertValidationError(reply, "line_items", "The line_items field is required.");
        AssertValidationError(reply, "business_profile", "The business_profile field is required.");
    }

    [Fact]
    public async Task Create_order_accepts_fractional_quantities_when_they_are_positive()
    {
        var contact = await ContactAsync();
        var order = Mutate(Order(contact), "line_items.0.quantity", "1.5");

        var reply = await PostAsync("orders", order.ToJsonString());

        Assert.Equal(200, reply.Status);
        Assert.Equal(1.5m, reply.Body!["data"]!["line_items"]![0]!["quantity"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Create_order_accepts_a_minimal_payload_when_optional_fields_are_absent()
    {
        var contact = await ContactAsync();
        var minimal = $$"""
            {"external_identifier":"MIN-1","status":"CREATED","payment_status":"UNPAID","total_order_amount":100,
             "contact":{"uuid":"{{contact}}"},"business_profile":{"uuid":"{{ShopUuid}}"},
             "line_items":[{"external_identifier":"L","name":"Tea","quantity":1,"price":100,"total_amount":100}]}
            """;

        var reply = await PostAsync("orders", minimal);

        Assert.Equal(200, reply.Status);
        var data = reply.Body!["data"]!;
        Assert.Equal("EUR", data["currency"]!.GetValue<string>());
        Assert.Equal(100, data["order_amount"]!.GetValue<long>());
        Assert.Equal("€ 1.00", data["formatted_total_order_amount"]!.GetValue<string>());
    }
}
