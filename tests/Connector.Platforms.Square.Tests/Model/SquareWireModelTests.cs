using System.Text.Json;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Tests.Model;

public sealed class SquareWireModelTests
{
    [Fact]
    public void SquareOrder_reads_the_sale_example_with_lines_discounts_and_net_amounts()
    {
        var order = JsonSerializer.Deserialize(SquareFixtures.Read(SquareFixtures.SaleOrder), SquareJsonContext.Default.SquareRetrieveOrderResponse)!.Order!;

        Assert.Equal("CAISENgvlJ6jLWAzERDzjyHVybY", order.Id);
        Assert.Equal("D7AVYMEAPJ3A3", order.LocationId);
        Assert.Equal(SquareOrderState.Open, order.State);
        Assert.Equal(1L, order.Version);
        Assert.Equal(new DateTimeOffset(2020, 5, 18, 16, 30, 49, 614, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal(new SquareMoney(550, "USD"), order.TotalMoney);
        Assert.Equal(new SquareMoney(550, "USD"), order.NetAmounts!.TotalMoney);
        Assert.Equal(new SquareMoney(550, "USD"), order.NetAmounts.DiscountMoney);

        var discount = Assert.Single(order.Discounts!);
        Assert.Equal(("zGsRZP69aqSSR9lq9euSPB", SquareDiscountType.FixedPercentage, "50", SquareScope.Order, 550L),
            (discount.Uid, discount.Type, discount.Percentage, discount.Scope, discount.AppliedMoney!.Amount));

        Assert.Equal(2, order.LineItems!.Count);
        var second = order.LineItems[1];
        Assert.Equal(("mumY8Nun4BC5aKe2yyx5a", "Item 2", "2"), (second.Uid, second.Name, second.Quantity));
        Assert.Equal(2m, SquareQuantity.Parse(second.Quantity));
        Assert.Equal(300L, second.BasePriceMoney!.Amount);
        Assert.Equal(600L, second.GrossSalesMoney!.Amount);
        Assert.Equal(600L, second.VariationTotalPriceMoney!.Amount);
        Assert.Equal(300L, second.TotalDiscountMoney!.Amount);
        Assert.Equal(300L, second.TotalMoney!.Amount);
        var applied = Assert.Single(second.AppliedDiscounts!);
        Assert.Equal(("qa8LwwZK82FgSEkQc2HYVC", "zGsRZP69aqSSR9lq9euSPB", 300L), (applied.Uid, applied.DiscountUid, applied.AppliedMoney!.Amount));

        // Absent in the payload, so absent in the model: the mapping must not mistake "missing" for "empty".
        Assert.Null(order.Returns);
        Assert.Null(second.CatalogObjectId);
        Assert.Null(second.Modifiers);
    }

    [Fact]
    public void SquareOrder_reads_the_return_example_with_source_links_and_return_taxes()
    {
        var order = JsonSerializer.Deserialize(SquareFixtures.Read(SquareFixtures.ReturnOrder), SquareJsonContext.Default.SquareRetrieveOrderResponse)!.Order!;

        Assert.Equal("SDnqjKI0sstON1XTi3qBIx2eV", order.Id);
        Assert.Equal(SquareOrderState.Completed, order.State);
        Assert.Null(order.LineItems);
        Assert.Equal(0L, order.TotalMoney!.Amount);
        Assert.Equal(new DateTimeOffset(2024, 4, 6, 14, 6, 3, TimeSpan.Zero), order.ClosedAt);

        var orderReturn = Assert.Single(order.Returns!);
        Assert.Null(orderReturn.Uid);
        Assert.Equal("zls8ETfFzvdngiJ9HJO1EtUVaaPZY", orderReturn.SourceOrderId);
        var line = Assert.Single(orderReturn.ReturnLineItems!);
        Assert.Equal("4b216b84-bb69-42ce-bac0-095f6338960b", line.SourceLineItemUid);
        Assert.Equal("cce8b174-a8a7-4291-b50f-60b60e7d6273", line.Uid);
        Assert.Equal(SquareLineItemType.Item, line.ItemType);
        Assert.Equal("C5E7SGJFLS5ZWRP7XLDVMWAU", line.CatalogObjectId);
        Assert.Equal("Regular", line.VariationName);
        Assert.Equal(1m, SquareQuantity.Parse(line.Quantity));
        Assert.Equal((5900L, 5900L, 460L, 0L, 6360L), (
            line.BasePriceMoney!.Amount!.Value, line.GrossReturnMoney!.Amount!.Value, line.TotalTaxMoney!.Amount!.Value,
            line.TotalDiscountMoney!.Amount!.Value, line.TotalMoney!.Amount!.Value));
        Assert.Equal("5f28485a-7f85-4cf5-9b4e-0bdf26335159", Assert.Single(line.AppliedTaxes!).TaxUid);

        var tax = Assert.Single(orderReturn.ReturnTaxes!);
        Assert.Equal((SquareTaxType.Additive, "7.8", SquareScope.LineItem, 460L),
            (tax.Type, tax.Percentage, tax.Scope, tax.AppliedMoney!.Amount!.Value));
        Assert.Null(tax.SourceTaxUid);
    }

    [Fact]
    public void SquarePaymentRefund_reads_the_examples_and_ignores_processing_fees()
    {
        var single = JsonSerializer.Deserialize(SquareFixtures.Read(SquareFixtures.GetRefund), SquareJsonContext.Default.SquareGetPaymentRefundResponse)!.Refund!;
        var list = JsonSerializer.Deserialize(SquareFixtures.Read(SquareFixtures.ListRefunds), SquareJsonContext.Default.SquareListPaymentRefundsResponse)!;

        Assert.Equal(SquarePaymentRefundStatus.Completed, single.Status);
        Assert.Equal("9ltv0bx5PuvGXUYHYHxYSKEqC3IZY", single.OrderId);
        Assert.Equal("bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY", single.PaymentId);
        Assert.Equal(new SquareMoney(555, "USD"), single.AmountMoney);
        Assert.Equal("Example Refund", single.Reason);
        Assert.Equal(new DateTimeOffset(2021, 10, 13, 20, 0, 2, 442, TimeSpan.Zero), single.UpdatedAt);
        Assert.Null(single.Unlinked);

        Assert.StartsWith("5evquW1YswHoT4EoyUhzMmTsCnsSXBU9U0WJ4FU4623nrMQcocH0RGU6Up1YkwfiMcF59ood58EBTEGgzMTGHQJpocic7ExOL0NtrTXCeWcv0UJIJNk8eXb", list.Cursor);
        Assert.Equal(single.Id, Assert.Single(list.Refunds!).Id);
    }

    [Fact]
    public void SquareCustomer_reads_contact_fields_of_the_example()
    {
        var customer = JsonSerializer.Deserialize(SquareFixtures.Read(SquareFixtures.Customer), SquareJsonContext.Default.SquareRetrieveCustomerResponse)!.Customer!;

        Assert.Equal(("JDKYHBWT1D4F8MFH63DBMEN8Y4", "Amelia", "Earhart", "Amelia.Earhart@example.com", "+1-212-555-4240"),
            (customer.Id, customer.GivenName, customer.FamilyName, customer.EmailAddress, customer.PhoneNumber));
    }

    [Fact]
    public void SquareSearchOrdersResponse_reads_order_entries_and_cursor()
    {
        var response = JsonSerializer.Deserialize(SquareFixtures.Read(SquareFixtures.SearchEntries), SquareJsonContext.Default.SquareSearchOrdersResponse)!;

        Assert.Equal("123", response.Cursor);
        Assert.Null(response.Orders);
        Assert.Equal(["CAISEM82RcpmcFBM0TfOyiHV3es", "CAISENgvlJ6jLWAzERDzjyHVybY", "CAISEM52YcpmcWAzERDOyiWS3ty"],
            response.OrderEntries!.Select(entry => entry.OrderId));
        Assert.Equal(1L, response.OrderEntries![0].Version);
        Assert.Null(response.OrderEntries[1].Version);
    }

    [Fact]
    public void SquareOrder_tolerates_unknown_fields_and_enum_values()
    {
        const string json = """
            {"order": {"id": "O1", "state": "SOMEDAY_STATE", "brand_new_field": {"nested": [1, 2, {"x": null}]},
             "line_items": [{"uid": "L1", "quantity": "1.5", "item_type": "SUBSCRIPTION_THING", "future": true,
               "applied_discounts": [{"uid": "A", "discount_uid": "D", "applied_money": {"amount": 5, "currency": "XTS", "precision": 2}}]}],
             "discounts": [{"uid": "D", "type": "LOYALTY_MAGIC", "scope": "BASKET"}],
             "tenders": [{"id": "T1", "type": "CRYPTO", "customer_id": "C1", "card_details": {"status": "CAPTURED"}}]},
             "errors": [], "extra": 1}
            """;

        var order = JsonSerializer.Deserialize(json, SquareJsonContext.Default.SquareRetrieveOrderResponse)!.Order!;

        Assert.Equal("SOMEDAY_STATE", order.State);
        Assert.Equal("SUBSCRIPTION_THING", order.LineItems![0].ItemType);
        Assert.Equal(1.5m, SquareQuantity.Parse(order.LineItems[0].Quantity));
        Assert.Equal(new SquareMoney(5, "XTS"), order.LineItems[0].AppliedDiscounts![0].AppliedMoney);
        Assert.Equal(("LOYALTY_MAGIC", "BASKET"), (order.Discounts![0].Type, order.Discounts[0].Scope));
        Assert.Equal(("CRYPTO", "C1"), (order.Tenders![0].Type, order.Tenders[0].CustomerId));
    }

    [Fact]
    public void SquareSearchOrdersRequest_writes_snake_case_and_omits_unset_fields()
    {
        var request = new SquareSearchOrdersRequest
        {
            LocationIds = ["L1", "L2"],
            Query = new SquareSearchOrdersQuery
            {
                Filter = new SquareSearchOrdersFilter
                {
                    DateTimeFilter = new SquareSearchOrdersDateTimeFilter
                    {
                        UpdatedAt = new SquareTimeRange { StartAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) },
                    },
                },
                Sort = new SquareSearchOrdersSort { SortField = SquareSearchOrdersSortField.UpdatedAt, SortOrder = "ASC" },
            },
            Limit = 500,
        };

        var json = JsonSerializer.Serialize(request, SquareJsonContext.Default.SquareSearchOrdersRequest);

        Assert.Equal(
            """{"location_ids":["L1","L2"],"query":{"filter":{"date_time_filter":{"updated_at":{"start_at":"2024-01-01T00:00:00+00:00"}}},"sort":{"sort_field":"UPDATED_AT","sort_order":"ASC"}},"limit":500}""",
            json);
    }
}
