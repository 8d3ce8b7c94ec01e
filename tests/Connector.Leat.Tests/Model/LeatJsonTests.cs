using System.Text.Json;
using Connector.Leat.Model;

namespace Connector.Leat.Tests.Model;

public sealed class LeatJsonTests
{
    [Fact]
    public void Order_request_serialises_with_snake_case_names_and_omits_nulls()
    {
        var order = new LeatOrderRequest
        {
            ExternalIdentifier = "EXT-1",
            Status = LeatOrderStatus.Completed,
            PaymentStatus = LeatPaymentStatus.Paid,
            TotalOrderAmount = 500,
            Currency = "EUR",
            PaidAt = new DateTimeOffset(2025, 5, 1, 20, 10, 44, TimeSpan.Zero),
            Contact = new LeatUuidRef("c-1"),
            BusinessProfile = new LeatUuidRef("s-1"),
            LineItems =
            [
                new LeatLineItem
                {
                    ExternalIdentifier = "L1", Name = "Cheese", Quantity = 1.5m, Price = 333, TotalAmount = 500,
                    Product = new LeatExternalRef("P1"),
                },
            ],
            Charges = [new LeatCharge { ExternalIdentifier = "C1", Name = "Tip", TotalAmount = 0, ChargeDefinition = new LeatExternalRef(LeatChargeDefinitions.Gratuity) }],
        };

        var json = JsonSerializer.Serialize(order, LeatJsonContext.Default.LeatOrderRequest);

        Assert.Equal(
            """{"external_identifier":"EXT-1","status":"COMPLETED","payment_status":"PAID","total_order_amount":500,"currency":"EUR","paid_at":"2025-05-01T20:10:44+00:00","contact":{"uuid":"c-1"},"business_profile":{"uuid":"s-1"},"line_items":[{"external_identifier":"L1","name":"Cheese","quantity":1.5,"price":333,"total_amount":500,"product":{"external_identifier":"P1"}}],"charges":[{"external_identifier":"C1","name":"Tip","total_amount":0,"charge_definition":{"external_identifier":"GRATUITY"}}]}""",
            json);
    }

    [Fact]
    public void Return_request_nests_sub_line_items_under_their_line()
    {
        var orderReturn = new LeatOrderReturnRequest
        {
            Order = new LeatOrderReference(null, "EXT-1"),
            ExternalIdentifier = "EXT-1-R1",
            Status = LeatReturnStatus.Completed,
            LineItems =
            [
                new LeatReturnLineItem
                {
                    ExternalIdentifier = "L1", Quantity = 1, TotalAmount = 1200, Reason = "Cold",
                    SubLineItems = [new LeatReturnSubLineItem { ExternalIdentifier = "L1-M1", Quantity = 1, TotalAmount = 100 }],
                },
            ],
            AppliedDiscounts = [new LeatReturnDiscount("D1", 50)],
        };

        var json = JsonSerializer.Serialize(orderReturn, LeatJsonContext.Default.LeatOrderReturnRequest);

        Assert.Equal(
            """{"order":{"external_identifier":"EXT-1"},"external_identifier":"EXT-1-R1","status":"COMPLETED","line_items":[{"external_identifier":"L1","quantity":1,"total_amount":1200,"reason":"Cold","sub_line_items":[{"external_identifier":"L1-M1","quantity":1,"total_amount":100}]}],"applied_discounts":[{"external_identifier":"D1","amount":50}]}""",
            json);
    }

    [Fact]
    public void Create_and_process_response_from_the_docs_reads_despite_trailing_commas_and_extra_fields()
    {
        var outcome = JsonSerializer.Deserialize(DocsCreateAndProcessResponse, LeatJsonContext.Default.LeatDataLeatOrderOutcome)!.Data!;

        Assert.Equal("bfada889-6a69-4fcf-aed6-42933ae9084d", outcome.Order.Uuid);
        Assert.Equal("EXT-0012", outcome.Order.ExternalIdentifier);
        Assert.Equal(3331, outcome.Order.TotalOrderAmount);
        Assert.Equal(381, outcome.Order.TotalChargesAmount);
        Assert.Equal("HeadQuarters", outcome.Order.BusinessProfile!.Name);
        Assert.Equal("spongebob@bikinibottom.sea", outcome.Order.Contact!.Email);
        Assert.Equal("87a4be97-73dd-40a4", outcome.Order.LineItems![0].SubLineItems![0].Uuid);
        Assert.Equal("LINE_ITEM", outcome.Order.AppliedDiscounts![0].AppliedTo);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 20, 10, 44, TimeSpan.Zero), outcome.Order.PaidAt);
        Assert.True(outcome.Result!.IsPointsTransaction);
        Assert.Equal(new LeatResultData(35, 2267), outcome.Result.Data);
    }

    [Fact]
    public void Return_response_from_the_docs_reads()
    {
        const string json = """
            {"data":{"return":{"uuid":"5558761f","status":"COMPLETED","order":{"uuid":"0f7c7bb3"},
              "line_item_returns":[{"uuid":"7416cc03","quantity":5,"line_item":{"uuid":"19a237a3"},},],
              "sub_line_item_returns":[{"uuid":"bd5cc183","quantity":1,"sub_line_item":{"uuid":"b941af99"},},],},
             "result":{"type":"POINTS_TRANSACTION","data":{"points":35,"new_balance":2267,}}},"meta":[]}
            """;

        var outcome = JsonSerializer.Deserialize(json, LeatJsonContext.Default.LeatDataLeatReturnOutcome)!.Data!;

        Assert.Equal("5558761f", outcome.Return.Uuid);
        Assert.Equal("0f7c7bb3", outcome.Return.Order!.Uuid);
        Assert.Equal(5m, outcome.Return.LineItemReturns![0].Quantity);
        Assert.Equal("b941af99", outcome.Return.SubLineItemReturns![0].SubLineItem!.Uuid);
        Assert.Equal(35, outcome.Result!.Data!.Points);
    }

    [Theory]
    [InlineData("null", null, null, null)]
    [InlineData("[]", null, null, null)]
    [InlineData("""{"type":"points_transaction","data":{"points":40}}""", "points_transaction", 40L, null)]
    [InlineData("""{"type":"PREPAID_TRANSACTION","data":{"amount_in_cents":500,"uuid":"x"}}""", "PREPAID_TRANSACTION", null, null)]
    [InlineData("""{"type":"POINTS_TRANSACTION","data":[]}""", "POINTS_TRANSACTION", null, null)]
    [InlineData("""{"type":"POINTS_TRANSACTION","data":{"points":"-12","new_balance":30.0}}""", "POINTS_TRANSACTION", -12L, 30L)]
    [InlineData("""{"type":"POINTS_TRANSACTION","data":{"points":1.5,"new_balance":{"x":1}}}""", "POINTS_TRANSACTION", null, null)]
    public void Result_of_any_shape_reads_without_throwing(string result, string? type, long? points, long? balance)
    {
        var json = """{"data":{"order":{"uuid":"o-1"},"result":""" + result + "}}";

        var outcome = JsonSerializer.Deserialize(json, LeatJsonContext.Default.LeatDataLeatOrderOutcome)!.Data!;

        Assert.Equal(type, outcome.Result?.Type);
        Assert.Equal(points, outcome.Result?.Data?.Points);
        Assert.Equal(balance, outcome.Result?.Data?.NewBalance);
        Assert.Equal(type is not null && type.Equals("POINTS_TRANSACTION", StringComparison.OrdinalIgnoreCase), outcome.Result?.IsPointsTransaction ?? false);
    }

    [Fact]
    public void Error_body_reads_string_and_array_field_errors_and_PHP_empty_arrays()
    {
        const string json = """
            {"status_code":422,"code":"1003","message":"The given data was invalid.",
             "errors":{"external_identifier":"The external identifier has already been taken.","line_items.0.price":["Required.","Must be an integer."],"odd":[7],"none":null}}
            """;

        var error = JsonSerializer.Deserialize(json, LeatJsonContext.Default.LeatErrorBody)!;

        Assert.Equal((422, 1003, "The given data was invalid."), (error.StatusCode, error.Code, error.Message));
        Assert.Equal(["The external identifier has already been taken."], error.Errors!["external_identifier"]);
        Assert.Equal(["Required.", "Must be an integer."], error.Errors["line_items.0.price"]);
        Assert.Equal(["7"], error.Errors["odd"]);
        Assert.Empty(error.Errors["none"]);
        Assert.Empty(JsonSerializer.Deserialize("""{"status_code":500,"code":1,"message":"x","errors":[]}""", LeatJsonContext.Default.LeatErrorBody)!.Errors!);
    }

    private const string DocsCreateAndProcessResponse = """
        {
            "data": {
                "order": {
                    "uuid": "bfada889-6a69-4fcf-aed6-42933ae9084d",
                    "contact": { "uuid": "12345-abcdefg-6789-yuiop", "email": "spongebob@bikinibottom.sea" },
                    "business_profile": { "uuid": "12345-abcdefg-6789-yuiop", "name": "HeadQuarters" },
                    "external_identifier": "EXT-0012",
                    "reference": "Order B-2110",
                    "status": "COMPLETED",
                    "payment_status": "PAID",
                    "currency": "EUR",
                    "formatted_total_order_amount": "€ 33.31",
                    "order_amount": 3175,
                    "total_charges_amount": 381,
                    "total_discount_amount": 225,
                    "total_order_amount": 3331,
                    "paid_at": "2025-05-01T20:10:44+00:00",
                    "completed_at": "2025-05-01T20:11:03+00:00",
                    "line_items": [
                        {
                            "uuid": "021as-8892k-ljkafds-98as",
                            "external_identifier": "LI_IT_11090_lkajsf",
                            "name": "Double Krabby Patty",
                            "quantity": 2,
                            "price": 1250,
                            "total_amount": 2500,
                            "discount_amount": 0,
                            "product": { "external_identifier": "PR-12-401", "name": "Double Krabby Patty", },
                            "sub_line_items": [
                                {
                                    "uuid": "87a4be97-73dd-40a4",
                                    "external_identifier": "SU_LI_IT_11090_lkajsf",
                                    "name": "Extra Secret Sauce",
                                    "quantity": 1,
                                    "price": 500,
                                    "total_amount": 500,
                                    "discount_amount": 0,
                                    "product": { "external_identifier": "PR-15-454", "name": "Extra Secret Sauce", }
                                }
                            ]
                        },
                        {
                            "uuid": "187-8Dfadf3-lsdf234ds-99ass",
                            "external_identifier": "LI_IT_991_Ac990s",
                            "name": "Kelp Soda",
                            "quantity": 2,
                            "price": 450,
                            "total_amount": 675,
                            "discount_amount": 225,
                            "product": { "external_identifier": "PR-12-401", "name": "Double Krabby Patty", },
                        },
                    ],
                    "applied_discounts": [
                        {
                            "uuid": "021as-8892k-ljkafds-98as",
                            "external_identifier": "DISC_25_OFF_DRINKS",
                            "name": "25% off Drinks",
                            "amount": 225,
                            "type": "PERCENTAGE",
                            "value": 25,
                            "applied_to": "LINE_ITEM",
                            "line_items": [ { "external_identifier": "LI_IT_991_Ac990s", }, ],
                        },
                    ],
                    "charges": [
                        {
                            "external_identifier": "SRV_CH-12",
                            "type": "SERVICE_CHARGE",
                            "name": "Service charge: 12%",
                            "amount": 381,
                            "discount_amount": 0,
                            "total_amount": 0
                        },
                    ],
                    "created_at": "2025-05-01T20:11:58+00:00",
                    "updated_at": "2025-05-01T20:11:58+00:00"
                },
                "result": { "type": "POINTS_TRANSACTION", "data": { "points": 35, "new_balance": 2267, } }
            },
            "meta": []
        }
        """;
}
