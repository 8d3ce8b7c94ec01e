using System.Text.Json;

namespace Connector.Sandbox.Tests.Leat;

public sealed class LeatFakeReturnTests : LeatFakeTestBase
{
    [Fact]
    public async Task Returns_reverse_points_proportionally_and_cumulatively_when_a_line_is_returned_in_two_parts()
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());

        // Half of L1 (1250 of the 3500 basis): floor(12.5) = 12 points back.
        var first = await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-1", """[{"external_identifier":"L1","quantity":1}]"""));
        Assert.Equal(200, first.Status);
        Assert.Equal(-12, first.Body!["data"]!["result"]!["data"]!["points"]!.GetValue<long>());
        Assert.Equal(23, first.Body["data"]!["result"]!["data"]!["new_balance"]!.GetValue<long>());

        // The other half: cumulatively 2500/3500 of 35 = 25, so 13 more (not another floored 12).
        var second = await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-2", """[{"external_identifier":"L1","quantity":1}]"""));
        Assert.Equal(-13, second.Body!["data"]!["result"]!["data"]!["points"]!.GetValue<long>());
        Assert.Equal(10, Fake.ContactBalance(contact));

        var order = Fake.Orders["ORD-1"];
        Assert.Equal(25, order.PointsReversed);
        Assert.Equal(12, Fake.Returns["RET-1"].PointsReversed);
        Assert.Equal(1250, Fake.Returns["RET-2"].ReturnedBasis);
    }

    [Fact]
    public async Task Returning_everything_reverses_exactly_what_was_awarded_when_order_discounts_are_given_back()
    {
        var contact = await ContactAsync();
        Assert.Equal(contact, Fake.AddContact(" SpongeBob@BikiniBottom.sea"));
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());

        var reply = await PostAsync("order-returns/create-and-process", Return(
            "ORD-1",
            "RET-ALL",
            """[{"external_identifier":"L1","quantity":2,"sub_line_items":[{"external_identifier":"S1","quantity":1}]},{"external_identifier":"L2","quantity":2,"total_amount":675,"discount_amount":225}]""",
            """, "applied_discounts":[{"external_identifier":"D2","amount":175}], "charges":[{"external_identifier":"C1","total_amount":381}]"""));

        Assert.Equal(200, reply.Status);
        Assert.Equal(-35, reply.Body!["data"]!["result"]!["data"]!["points"]!.GetValue<long>());
        Assert.Equal(0, Fake.ContactBalance(contact));
        var returned = reply.Body["data"]!["return"]!;
        Assert.Equal("COMPLETED", returned["status"]!.GetValue<string>());
        Assert.Equal(Fake.Orders["ORD-1"].Uuid, returned["order"]!["uuid"]!.GetValue<string>());
        Assert.Equal(2, returned["line_item_returns"]!.AsArray().Count);
        Assert.Equal("S1", returned["sub_line_item_returns"]![0]!["sub_line_item"]!["external_identifier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Return_is_rejected_when_it_would_exceed_the_quantity_sold_across_returns()
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        Assert.Equal(200, (await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-1", """[{"external_identifier":"L1","quantity":1.5}]"""))).Status);

        var reply = await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-2", """[{"external_identifier":"L1","quantity":1}]"""));

        AssertValidationError(reply, "line_items.0.quantity", "The line_items.0.quantity field must not be greater than 0.5.");
        Assert.False(Fake.Returns.ContainsKey("RET-2"));

        // The cheap counters for pollers agree with the snapshots: the refused return is not counted.
        Assert.Equal((1, 1), (Fake.OrderCount, Fake.ReturnCount));
        Assert.True(Fake.HasOrder("ORD-1"));
        Assert.False(Fake.HasOrder("RET-2"));
    }

    [Fact]
    public async Task Return_is_rejected_when_amounts_exceed_what_remains_of_the_part()
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-1", """[{"external_identifier":"L2","quantity":0,"total_amount":600}]"""));

        var line = await PostAsync("order-returns", Return("ORD-1", "RET-2", """[{"external_identifier":"L2","quantity":1,"total_amount":100}]"""));
        var charge = await PostAsync("order-returns", Return("ORD-1", "RET-3", "[]", """, "charges":[{"external_identifier":"C1","total_amount":382}]"""));
        var discount = await PostAsync("order-returns", Return("ORD-1", "RET-4", "[]", """, "applied_discounts":[{"external_identifier":"D1","amount":226}]"""));
        var lineDiscount = await PostAsync("order-returns", Return("ORD-1", "RET-5", """[{"external_identifier":"L2","quantity":1,"discount_amount":226}]"""));

        AssertValidationError(line, "line_items.0.total_amount", "The line_items.0.total_amount field must not be greater than 75.");
        AssertValidationError(charge, "charges.0.total_amount", "The charges.0.total_amount field must not be greater than 381.");
        AssertValidationError(discount, "applied_discounts.0.amount", "The applied_discounts.0.amount field must not be greater than 225.");
        AssertValidationError(lineDiscount, "line_items.0.discount_amount", "The line_items.0.discount_amount field must not be greater than 225.");
    }

    [Theory]
    [InlineData("""[{"external_identifier":"NOPE","quantity":1}]""", "", "line_items.0.external_identifier", "The selected line_items.0.external_identifier is invalid.")]
    [InlineData("""[{"external_identifier":"S1","quantity":1}]""", "", "line_items.0.external_identifier", "The selected line_items.0.external_identifier is invalid.")]
    [InlineData("""[{"external_identifier":"L2","quantity":0,"sub_line_items":[{"external_identifier":"S1","quantity":1}]}]""", "", "line_items.0.sub_line_items.0.external_identifier", "The selected line_items.0.sub_line_items.0.external_identifier is invalid.")]
    [InlineData("[]", """, "sub_line_items":[{"external_identifier":"L1","quantity":1}]""", "sub_line_items.0.external_identifier", "The selected sub_line_items.0.external_identifier is invalid.")]
    [InlineData("[]", """, "charges":[{"external_identifier":"SHIPPING","total_amount":1}]""", "charges.0.external_identifier", "The selected charges.0.external_identifier is invalid.")]
    [InlineData("[]", """, "applied_discounts":[{"external_identifier":"D9","amount":1}]""", "applied_discounts.0.external_identifier", "The selected applied_discounts.0.external_identifier is invalid.")]
    [InlineData("""[{"quantity":1}]""", "", "line_items.0.external_identifier", "The line_items.0.external_identifier field is required.")]
    [InlineData("""[{"external_identifier":"L1"}]""", "", "line_items.0.quantity", "The line_items.0.quantity field is required.")]
    [InlineData("""[{"external_identifier":"L1","quantity":-1}]""", "", "line_items.0.quantity", "The line_items.0.quantity field must be at least 0.")]
    [InlineData("""[{"external_identifier":"L1","quantity":1,"total_amount":12.5}]""", "", "line_items.0.total_amount", "The line_items.0.total_amount field must be an integer.")]
    [InlineData("""[{"external_identifier":"L1","quantity":1},{"external_identifier":"L1","quantity":1}]""", "", "line_items.1.external_identifier", "The line_items.1.external_identifier field has a duplicate value.")]
    [InlineData("[]", """, "applied_discounts":[{"external_identifier":"D1"}]""", "applied_discounts.0.amount", "The applied_discounts.0.amount field is required.")]
    [InlineData("[]", """, "charges":[{"external_identifier":"C1","amount":1}]""", "charges.0.total_amount", "The charges.0.total_amount field is required.")]
    [InlineData("[]", """, "charges":[{"total_amount":1}]""", "charges.0.external_identifier", "The charges.0.external_identifier field is required.")]
    public async Task Return_is_rejected_with_422_when_it_breaks_the_contract(string lineItems, string extra, string errorKey, string message)
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());

        var reply = await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-BAD", lineItems, extra));

        AssertValidationError(reply, errorKey, message);
        Assert.Empty(Fake.Returns);
        Assert.Equal(35, Fake.ContactBalance(contact));
    }

    [Theory]
    [InlineData("""{"order":{},"external_identifier":"R","status":"COMPLETED"}""", "order.uuid", "The order.uuid field is required when order.external_identifier is not present.")]
    [InlineData("""{"order":{"uuid":"u","external_identifier":"ORD-1"},"external_identifier":"R","status":"COMPLETED"}""", "order.uuid", "The order.uuid field prohibits order.external_identifier from being present.")]
    [InlineData("""{"external_identifier":"R","status":"COMPLETED"}""", "order", "The order field is required.")]
    [InlineData("""{"order":{"external_identifier":"ORD-404"},"external_identifier":"R","status":"COMPLETED"}""", "order.external_identifier", "The selected order.external_identifier is invalid.")]
    [InlineData("""{"order":{"uuid":"ORD-404"},"external_identifier":"R","status":"COMPLETED"}""", "order.uuid", "The selected order.uuid is invalid.")]
    [InlineData("""{"order":{"external_identifier":"ORD-1"},"status":"COMPLETED"}""", "external_identifier", "The external_identifier field is required.")]
    [InlineData("""{"order":{"external_identifier":"ORD-1"},"external_identifier":"R","status":"REFUNDED"}""", "status", "The selected status is invalid.")]
    [InlineData("""{"order":{"external_identifier":"ORD-1"},"external_identifier":"R"}""", "status", "The status field is required.")]
    public async Task Return_is_rejected_when_the_order_reference_or_header_is_invalid(string json, string errorKey, string message)
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());

        var reply = await PostAsync("order-returns/create-and-process", json);

        AssertValidationError(reply, errorKey, message);
    }

    [Fact]
    public async Task Return_is_rejected_with_a_string_error_when_its_external_identifier_exists()
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        var json = Return("ORD-1", "RET-1", """[{"external_identifier":"L2","quantity":1}]""");
        Assert.Equal(200, (await PostAsync("order-returns/create-and-process", json)).Status);
        var balance = Fake.ContactBalance(contact);

        var reply = await PostAsync("order-returns/create-and-process", json);

        Assert.Equal(422, reply.Status);
        var error = reply.Body!["errors"]!["external_identifier"]!;
        Assert.Equal(JsonValueKind.String, error.GetValueKind());
        Assert.Equal(balance, Fake.ContactBalance(contact));
    }

    [Fact]
    public async Task Return_created_then_processed_by_uuid_reverses_once_when_the_order_was_referenced_by_uuid()
    {
        var contact = await ContactAsync();
        var order = await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        var orderUuid = order.Body!["data"]!["order"]!["uuid"]!.GetValue<string>();
        var json = $$"""{"order":{"uuid":"{{orderUuid}}"},"external_identifier":"RET-1","status":"PENDING","line_items":[{"external_identifier":"L2","quantity":2,"reason":"Flat"}]}""";

        var created = await PostAsync("order-returns", json);
        Assert.Equal(200, created.Status);
        Assert.Equal(35, Fake.ContactBalance(contact));
        var returnUuid = created.Body!["data"]!["uuid"]!.GetValue<string>();
        Assert.Equal("Flat", created.Body["data"]!["line_item_returns"]![0]!["reason"]!.GetValue<string>());

        var processed = await PostAsync($"order-returns/{returnUuid}/process", "");
        var again = await PostAsync($"order-returns/{returnUuid}/process", "");

        // 675 of 3500 → floor(6.75) = 6.
        Assert.Equal(200, processed.Status);
        Assert.Equal(-6, processed.Body!["data"]!["data"]!["points"]!.GetValue<long>());
        Assert.Equal(29, Fake.ContactBalance(contact));
        Assert.Equal(422, again.Status);
        Assert.Equal(29, Fake.ContactBalance(contact));
    }

    [Fact]
    public async Task Return_has_a_null_result_when_the_order_was_never_processed()
    {
        var contact = await ContactAsync();
        await PostAsync("orders", Order(contact).ToJsonString());

        var reply = await PostAsync("order-returns/create-and-process", Return("ORD-1", "RET-1", """[{"external_identifier":"L1","quantity":1}]"""));

        Assert.Equal(200, reply.Status);
        Assert.True(reply.Body!["data"]!.AsObject().ContainsKey("result"));
        Assert.Null(reply.Body["data"]!["result"]);
        Assert.Equal(0, Fake.ContactBalance(contact));
    }
}
