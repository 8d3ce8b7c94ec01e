using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Sandbox.NewStore;

namespace Connector.Sandbox.Tests.NewStore;

public sealed partial class NewStoreGraphQlTests : NewStoreSimulatorTestBase
{
    [Fact]
    public async Task Order_is_null_until_the_lag_after_its_order_opened_has_passed()
    {
        var token = await TokenAsync();
        var id = Simulator.CreateOrder(ReferenceExampleOrder());

        var early = await GraphQlAsync(OrderQuery, OrderVariables(id), token);
        Clock.Advance(TimeSpan.FromSeconds(9));
        var stillEarly = await GraphQlAsync(OrderQuery, OrderVariables(id), token);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var visible = await GraphQlAsync(OrderQuery, OrderVariables(id), token);

        Assert.Equal(200, early.Status);
        Assert.True(early.Body!["data"]!.AsObject().ContainsKey("order"));
        Assert.Null(early.Body!["data"]!["order"]);
        Assert.Null(stillEarly.Body!["data"]!["order"]);
        Assert.Equal(id, visible.Body!["data"]!["order"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Order_not_yet_published_stays_invisible_and_the_lag_counts_from_its_first_publication()
    {
        var token = await TokenAsync();
        var id = Simulator.CreateOrder(ReferenceExampleOrder(publish: false));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null((await GraphQlAsync(OrderQuery, OrderVariables(id), token)).Body!["data"]!["order"]);

        Simulator.PublishOrder(id);
        Clock.Advance(TimeSpan.FromSeconds(6));
        Simulator.PublishOrder(id);
        Clock.Advance(TimeSpan.FromSeconds(4));

        Assert.NotNull((await GraphQlAsync(OrderQuery, OrderVariables(id), token)).Body!["data"]!["order"]);
    }

    [Fact]
    public async Task Unknown_id_or_another_tenant_answers_null()
    {
        var token = await TokenAsync();
        var id = Simulator.CreateOrder(ReferenceExampleOrder());
        Clock.Advance(TimeSpan.FromMinutes(1));

        var unknown = await GraphQlAsync(OrderQuery, OrderVariables("00000000-0000-4000-8000-000000000000"), token);
        var otherTenant = await GraphQlAsync(OrderQuery, new JsonObject { ["id"] = id, ["tenant"] = "someone-else" }, token);

        Assert.Equal(200, unknown.Status);
        Assert.Null(unknown.Body!["data"]!["order"]);
        Assert.Null(otherTenant.Body!["data"]!["order"]);
        Assert.Null(unknown.Body!["errors"]);
    }

    [Fact]
    public async Task Order_has_the_reference_field_names_one_item_per_unit_and_datetimes_without_offset()
    {
        var token = await TokenAsync();
        var id = Simulator.CreateOrder(ReferenceExampleOrder() with { OrderDiscount = 1000, CouponCode = "SAVE10" });
        Clock.Advance(TimeSpan.FromMinutes(1));

        var order = (await GraphQlAsync(OrderQuery, OrderVariables(id), token)).Body!["data"]!["order"]!;

        Assert.Matches(NoOffset(), order["placedAt"]!.GetValue<string>());
        var items = order["items"]!["nodes"]!.AsArray();
        Assert.Equal(4, items.Count);
        Assert.Equal(4, items.Select(i => i!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(items, i => Assert.Equal(1, i!["quantity"]!.GetValue<int>()));
        Assert.Equal(300m, items[0]!["listPrice"]!.GetValue<decimal>());
        Assert.Equal(10m, items.Sum(i => i!["orderDiscounts"]!.GetValue<decimal>()));
        Assert.Equal("SAVE10", order["discounts"]!["nodes"]![0]!["couponCode"]!.GetValue<string>());
        Assert.Equal("jane@example.com", order["customerEmail"]!.GetValue<string>());
        Assert.Equal(["id", "externalId", "channelType", "currency", "customerEmail", "placedAt", "isExchange", "isHistorical", "items", "discounts"],
            order.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Aliases_edges_and_first_are_answered_as_graphql_does()
    {
        var token = await TokenAsync();
        var id = Simulator.CreateOrder(ReferenceExampleOrder());
        Clock.Advance(TimeSpan.FromMinutes(1));

        var reply = await GraphQlAsync(
            "query($id: String!, $tenant: String!) { o: order(id: $id, tenant: $tenant) { __typename items(first: 2) { edges { node { productId } } } } }",
            OrderVariables(id), token);

        var order = reply.Body!["data"]!["o"]!;
        Assert.Equal("Order", order["__typename"]!.GetValue<string>());
        Assert.Equal(["P1", "P1"], order["items"]!["edges"]!.AsArray().Select(e => e!["node"]!["productId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("query Order($id: String!, $tenant: String!) { order(id: $id, tenant: $tenant) { id ", "Syntax Error: Expected Name, found <EOF>.")]
    [InlineData("query Order($id: String!, $tenant: String!) { order(id: $id, tenant: $tenant) { id totalPrice } }", "Cannot query field \"totalPrice\" on type \"Order\".")]
    [InlineData("query Order($id: String!, $tenant: String!) { order(id: $id, tenant: $tenant) { items } }", "Field \"items\" of type \"OrderItemsConnection\" must have a selection of subfields. Did you mean \"items { ... }\"?")]
    [InlineData("query Order($id: String!, $tenant: String!) { order(id: $id, tenant: $tenant) { id { value } } }", "Field \"id\" must not have a selection since type \"String\" has no subfields.")]
    [InlineData("query Order($id: String!) { order(id: $id, tenant: $tenant) { id } }", "Variable \"$tenant\" is not defined.")]
    [InlineData("query Order($id: String!, $tenant: String!, $other: String!) { order(id: $other, tenant: $tenant) { id } }", "Variable \"$other\" of required type \"String!\" was not provided.")]
    [InlineData("query Order($id: String!) { order(id: $id) { id } }", "Field \"order\" argument \"tenant\" of type \"String!\" is required, but it was not provided.")]
    [InlineData("mutation { order(id: \"x\", tenant: \"y\") { id } }", "Schema is not configured for mutations.")]
    public async Task Malformed_queries_are_answered_with_errors_and_no_data(string query, string message)
    {
        var token = await TokenAsync();

        var reply = await GraphQlAsync(query, new JsonObject { ["id"] = "x", ["tenant"] = Simulator.Options.Tenant }, token);

        Assert.Equal(400, reply.Status);
        Assert.Null(reply.Body!["data"]);
        Assert.Equal(message, Assert.Single(reply.Body!["errors"]!.AsArray())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_fields_are_refused_even_when_the_order_does_not_exist()
    {
        var token = await TokenAsync();

        var reply = await GraphQlAsync("{ order(id: \"nope\", tenant: \"leat-sandbox\") { grandTotalMoney } }", null, token);

        Assert.Equal(400, reply.Status);
        var error = Assert.Single(reply.Body!["errors"]!.AsArray())!;
        Assert.Equal(1, error["locations"]![0]!["line"]!.GetValue<int>());
        Assert.Equal(47, error["locations"]![0]!["column"]!.GetValue<int>());
    }

    [Fact]
    public async Task Body_without_a_query_is_refused()
    {
        var token = await TokenAsync();

        var reply = await SendAsync(HttpMethod.Post, "/api/v1/org/data/query", """{"variables":{}}""", token);

        Assert.Equal(400, reply.Status);
        Assert.Equal("Must provide query string.", reply.Body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Item_statuses_follow_cancellations_and_returns_and_the_cancellation_event_names_the_items()
    {
        var token = await TokenAsync();
        var id = Simulator.CreateOrder(ReferenceExampleOrder());
        var units = Simulator.GetUnits(id);
        var cancellation = Simulator.CancelItems(id, [units[3].ItemId]);
        Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["P1"] });
        Clock.Advance(TimeSpan.FromSeconds(10));

        var items = (await GraphQlAsync(OrderQuery, OrderVariables(id), token)).Body!["data"]!["order"]!["items"]!["nodes"]!.AsArray();
        var cancelled = JsonNode.Parse(Simulator.Events.Single(e => e.Name == "order.items_cancelled").Body)!["payload"]!;

        Assert.Equal(["returned", "opened", "opened", "cancelled"], items.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal(40000, cancellation.Amount);
        Assert.Equal(id, cancelled["id"]!.GetValue<string>());
        var item = Assert.Single(cancelled["items"]!.AsArray())!;
        Assert.Equal((units[3].ItemId, "P2", "insufficient_stock"),
            (item["id"]!.GetValue<string>(), item["product_id"]!.GetValue<string>(), item["cancellation_reason"]!.GetValue<string>()));
        Assert.Throws<InvalidOperationException>(() => Simulator.CancelItems(id, [units[3].ItemId]));
    }

    [Fact]
    public async Task Return_has_newstores_computed_refunds_after_the_lag_and_blind_returns_have_no_order()
    {
        var token = await TokenAsync();
        var orderId = Simulator.CreateOrder(ReferenceExampleOrder());
        var units = Simulator.GetUnits(orderId);
        Simulator.Appease(orderId, 5000, [units[0].ItemId]);
        var returned = Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = orderId, ProductIds = ["P1", "P2"], ReturnFee = 1000 });
        var blind = Simulator.CreateReturn(new NewStoreReturnSpec { BlindItems = [("P9", 1999)] });
        const string query = """
            query Return($id: String!, $tenant: String!) {
              return(id: $id, tenant: $tenant) {
                items { nodes { productId quantity refundAmount } }
                totalRefundAmount totalRefundAmountAdjusted totalRefundExclTax totalRefundTax
                order { id externalId channelType currency discounts(first: 100) { nodes { couponCode } } }
              }
            }
            """;

        var early = await GraphQlAsync(query, OrderVariables(returned.ReturnId), token);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var ret = (await GraphQlAsync(query, OrderVariables(returned.ReturnId), token)).Body!["data"]!["return"]!;
        var blindReturn = (await GraphQlAsync(query, OrderVariables(blind.ReturnId), token)).Body!["data"]!["return"]!;

        Assert.Null(early.Body!["data"]!["return"]);
        Assert.Equal([250m, 400m], ret["items"]!["nodes"]!.AsArray().Select(i => i!["refundAmount"]!.GetValue<decimal>()));
        Assert.Equal(640m, ret["totalRefundAmount"]!.GetValue<decimal>());
        Assert.Equal(orderId, ret["order"]!["id"]!.GetValue<string>());
        Assert.Null(blindReturn["order"]);
        Assert.Equal(19.99m, blindReturn["totalRefundAmount"]!.GetValue<decimal>());
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$")]
    private static partial Regex NoOffset();
}
