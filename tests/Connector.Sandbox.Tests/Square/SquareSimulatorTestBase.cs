using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

/// <summary>A fresh simulator per test and a raw HttpClient speaking JSON strings to it (no product types).</summary>
public abstract class SquareSimulatorTestBase : IAsyncLifetime
{
    internal ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected SquareSimulator Simulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Simulator = await SquareSimulator.StartAsync(Options());
        Http = new HttpClient { BaseAddress = Simulator.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Simulator.Options.AccessToken);
        Http.DefaultRequestHeaders.Add("Square-Version", "2025-08-20");
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
    }

    protected virtual SquareSimulatorOptions Options() => new() { TimeProvider = Clock };

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

    protected Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    protected Task<Reply> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    protected static long Amount(JsonNode? money) => money!["amount"]!.GetValue<long>();

    protected static void AssertError(Reply reply, int status, string category, string code, string? field = null)
    {
        Assert.Equal(status, reply.Status);
        var error = Assert.Single(reply.Body!["errors"]!.AsArray())!;
        Assert.Equal(category, error["category"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["detail"]?.GetValue<string>()));
        if (field is not null)
        {
            Assert.Equal(field, error["field"]!.GetValue<string>());
        }
    }

    /// <summary>A simple two-line USD sale; the first line has a modifier.</summary>
    protected static SaleSpec SimpleSale(string? customerId = null, string? locationId = null) => new()
    {
        CustomerId = customerId,
        LocationId = locationId,
        Lines =
        [
            new SaleLineSpec { Name = "Latte", Quantity = 2, BasePrice = 450, CatalogObjectId = "VAR-LATTE", Modifiers = [new ModifierSpec("Oat milk", 50)] },
            new SaleLineSpec { Name = "Muffin", BasePrice = 325, CatalogObjectId = "VAR-MUFFIN" },
        ],
    };

    protected sealed record Reply(int Status, JsonNode? Body, HttpResponseHeaders Headers);
}
