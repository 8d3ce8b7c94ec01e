using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.CommerceLayer;

namespace Connector.Sandbox.Tests.CommerceLayer;

/// <summary>Webhook registration and signed, at-least-once delivery, checked with an independent HMAC.</summary>
public sealed class CommerceLayerWebhookTests
{
    [Fact]
    public async Task Created_webhook_gets_a_secret_and_deliveries_are_signed_with_it_at_least_once()
    {
        await using var simulator = await CommerceLayerSimulator.StartAsync(new CommerceLayerSimulatorOptions { DuplicateRate = 1.0, ShuffleDeliveries = true });
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        var tokenBody = new JsonObject { ["grant_type"] = "client_credentials", ["client_id"] = "sandbox-cl-client", ["client_secret"] = "sandbox-cl-secret" };
        var token = (string)JsonNode.Parse(await (await http.PostAsync("/oauth/token", new StringContent(tokenBody.ToJsonString(), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!["access_token"]!;

        async Task<HttpResponseMessage> CreateAsync(string contentType)
        {
            var body = new JsonObject { ["data"] = new JsonObject { ["type"] = "webhooks", ["attributes"] = new JsonObject { ["topic"] = "orders.approve", ["callback_url"] = "http://127.0.0.1:9/hook", ["include_resources"] = "line_items" } } };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.TryAddWithoutValidation("Accept", "application/vnd.api+json");
            return await http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await CreateAsync("application/json")).StatusCode);
        var created = await CreateAsync("application/vnd.api+json");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["data"]!["attributes"]!["shared_secret"]!;
        Assert.False(string.IsNullOrEmpty(secret));

        var order = new CommerceLayerTraffic(simulator, seed: 2).PlaceOrder();
        var deliveries = await simulator.FlushAsync();
        var placed = deliveries.Where(d => d.Topic == "orders.approve").ToList();
        Assert.Equal(2, placed.Count);
        foreach (var delivery in placed)
        {
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(delivery.Body)));
            Assert.Equal(expected, delivery.Signature);
            var doc = JsonNode.Parse(delivery.Body)!;
            Assert.Equal(order.OrderId, (string)doc["data"]!["id"]!);
            Assert.Contains(doc["included"]!.AsArray(), r => (string)r!["type"]! == "line_items");
        }

        Assert.Empty(await simulator.FlushAsync());
    }

    [Fact]
    public async Task Late_deliveries_arrive_on_a_later_flush()
    {
        await using var simulator = await CommerceLayerSimulator.StartAsync(new CommerceLayerSimulatorOptions { LateRate = 0.5, Seed = 4 });
        simulator.RegisterWebhook("orders.approve", "http://127.0.0.1:9/hook", sharedSecret: "s");
        var traffic = new CommerceLayerTraffic(simulator, seed: 4);
        for (var i = 0; i < 10; i++)
        {
            traffic.PlaceOrder();
        }

        var first = (await simulator.FlushAsync()).Count(d => d.Topic == "orders.approve");
        var total = first;
        for (var i = 0; i < 30 && total < 10; i++)
        {
            total += (await simulator.FlushAsync()).Count(d => d.Topic == "orders.approve");
        }

        Assert.InRange(first, 1, 9);
        Assert.Equal(10, total);
    }
}
