using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Sandbox.Leat;

namespace Connector.Sandbox.Tests.Leat;

/// <summary>A fresh fake per test and a raw HttpClient speaking JSON strings to it (no product types).</summary>
public abstract class LeatFakeTestBase : IAsyncLifetime
{
    protected static readonly string ShopUuid = LeatFakeOptions.DefaultShops[0].Uuid;

    protected LeatFake Fake { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Fake = await LeatFake.StartAsync(Options());
        Http = new HttpClient { BaseAddress = Fake.ApiBaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Fake.ApiToken);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Fake.DisposeAsync();
    }

    protected virtual LeatFakeOptions Options() => new();

    protected async Task<Reply> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body), response.Headers);
    }

    protected Task<Reply> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    protected Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    protected async Task<string> ContactAsync(string email = "spongebob@bikinibottom.sea")
    {
        var reply = await GetAsync("contacts/find-or-create?email=" + Uri.EscapeDataString(email));
        Assert.Equal(200, reply.Status);
        return reply.Body!["data"]!["uuid"]!.GetValue<string>();
    }

    /// <summary>
    /// Lines 2500 + sub line 500 + line 675 (after a 225 line discount) − 175 order-level discount = 3500 basis → 35 points;
    /// the 381 service charge earns nothing.
    /// </summary>
    protected static JsonObject Order(string contactUuid, string externalIdentifier = "ORD-1") => JsonNode.Parse($$"""
        {
          "external_identifier": "{{externalIdentifier}}",
          "reference": "Order B-2110",
          "status": "COMPLETED",
          "payment_status": "PAID",
          "currency": "EUR",
          "total_order_amount": 3881,
          "order_amount": 3675,
          "total_discount_amount": 400,
          "paid_at": "2025-05-01T20:10:44+00:00",
          "contact": { "uuid": "{{contactUuid}}" },
          "business_profile": { "uuid": "{{ShopUuid}}" },
          "line_items": [
            {
              "external_identifier": "L1", "name": "Double Krabby Patty", "quantity": 2, "price": 1250,
              "total_amount": 2500, "discount_amount": 0, "product": { "external_identifier": "PR-12-401" },
              "sub_line_items": [
                { "external_identifier": "S1", "name": "Extra Secret Sauce", "quantity": 1, "price": 500, "total_amount": 500 }
              ]
            },
            { "external_identifier": "L2", "name": "Kelp Soda", "quantity": 2, "price": 450, "total_amount": 675, "discount_amount": 225 }
          ],
          "applied_discounts": [
            { "external_identifier": "D1", "name": "25% off drinks", "amount": 225, "type": "PERCENTAGE", "value": 25,
              "applied_to": "ORDER_LINES", "line_items": [ { "external_identifier": "L2" } ] },
            { "external_identifier": "D2", "name": "Welcome", "amount": 175, "type": "ABSOLUTE", "value": 175, "applied_to": "ORDER" }
          ],
          "charges": [
            { "external_identifier": "C1", "name": "Service charge", "amount": 381, "discount_amount": 0, "total_amount": 381,
              "charge_definition": { "external_identifier": "SERVICE_CHARGE" } }
          ]
        }
        """)!.AsObject();

    protected static string Return(string orderExternalIdentifier, string externalIdentifier, string lineItems, string extra = "") => $$"""
        {
          "order": { "external_identifier": "{{orderExternalIdentifier}}" },
          "external_identifier": "{{externalIdentifier}}",
          "status": "COMPLETED",
          "line_items": {{lineItems}}{{extra}}
        }
        """;

    /// <summary>Replaces (or with a null value removes) the value at a dotted path such as <c>line_items.0.price</c>.</summary>
    protected static JsonObject Mutate(JsonObject root, string path, string? jsonValue)
    {
        var segments = path.Split('.');
        JsonNode parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = int.TryParse(segment, out var index) ? parent[index]! : parent[segment]!;
        }

        var last = segments[^1];
        if (parent is JsonArray array)
        {
            array[int.Parse(last)] = jsonValue is null ? null : JsonNode.Parse(jsonValue);
        }
        else if (jsonValue is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(jsonValue);
        }

        return root;
    }

    /// <summary>Asserts Leat's validation shape and that <paramref name="key"/> carries <paramref name="message"/>.</summary>
    protected static void AssertValidationError(Reply reply, string key, string message)
    {
        Assert.Equal(422, reply.Status);
        var body = reply.Body!.AsObject();
        Assert.Equal(422, body["status_code"]!.GetValue<int>());
        Assert.Equal(1003, body["code"]!.GetValue<int>());
        Assert.Equal("The given data was invalid.", body["message"]!.GetValue<string>());
        var errors = body["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(key), $"Expected an error for '{key}', got {errors.ToJsonString()}");
        var messages = Assert.IsType<JsonArray>(errors[key]);
        Assert.All(messages, m => Assert.Equal(JsonValueKind.String, m!.GetValueKind()));
        Assert.Contains(message, messages.Select(m => m!.GetValue<string>()));
    }

    protected sealed record Reply(int Status, JsonNode? Body, HttpResponseHeaders Headers);
}
