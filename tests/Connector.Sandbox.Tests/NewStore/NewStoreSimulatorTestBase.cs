using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.NewStore;
using Connector.Sandbox.Tests.Square;

namespace Connector.Sandbox.Tests.NewStore;

/// <summary>A fresh simulator on a manual clock per test, a callback receiver, and a raw HttpClient speaking JSON strings (no product types).</summary>
public abstract class NewStoreSimulatorTestBase : IAsyncLifetime
{
    internal ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    internal NewStoreEventReceiver Receiver { get; private set; } = null!;

    protected NewStoreSimulator Simulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Receiver = await NewStoreEventReceiver.StartAsync();
        Simulator = await NewStoreSimulator.StartAsync(Options());
        Http = new HttpClient { BaseAddress = Simulator.BaseAddress };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>Replaces the simulator with one started with <paramref name="options"/> (for tests that need other delivery habits).</summary>
    protected async Task RestartSimulatorAsync(NewStoreSimulatorOptions options)
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
        Simulator = await NewStoreSimulator.StartAsync(options);
        Http = new HttpClient { BaseAddress = Simulator.BaseAddress };
    }

    protected virtual NewStoreSimulatorOptions Options() => new()
    {
        TimeProvider = Clock,
        TokenTtl = TimeSpan.FromMinutes(5),
        GraphQlLag = TimeSpan.FromSeconds(10),
        RetryDelay = TimeSpan.FromSeconds(30),
    };

    protected string TokenPath => $"/auth/realms/{Simulator.Options.Tenant}/protocol/openid-connect/token";

    protected async Task<Reply> RequestTokenAsync(string clientId, string clientSecret, string? realm = null, string grant = "client_credentials")
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        });
        using var response = await Http.PostAsync(realm is null ? TokenPath : $"/auth/realms/{realm}/protocol/openid-connect/token", form);
        return await ReplyAsync(response);
    }

    protected async Task<string> TokenAsync()
    {
        var reply = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret);
        Assert.Equal(200, reply.Status);
        return reply.Body!["access_token"]!.GetValue<string>();
    }

    protected async Task<Reply> SendAsync(HttpMethod method, string path, string? json = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return await ReplyAsync(response);
    }

    protected async Task<Reply> GraphQlAsync(string query, JsonObject? variables, string token) =>
        await SendAsync(HttpMethod.Post, "/api/v1/org/data/query", new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(), token);

    protected const string OrderQuery = """
        query Order($id: String!, $tenant: String!) {
          order(id: $id, tenant: $tenant) {
            id externalId channelType currency customerEmail placedAt isExchange isHistorical
            items { nodes { id productId quantity status listPrice tax itemDiscounts orderDiscounts } }
            discounts(first: 100) { nodes { couponCode } }
          }
        }
        """;

    protected JsonObject OrderVariables(string id) => new() { ["id"] = id, ["tenant"] = Simulator.Options.Tenant };

    /// <summary>A USD order without tax: 3 units of P1 at 300.00 and one P2 at 400.00 (reference 4.3's example).</summary>
    protected static NewStoreOrderSpec ReferenceExampleOrder(bool publish = true) => new()
    {
        Lines =
        [
            new NewStoreLineSpec { ProductId = "P1", Quantity = 3, UnitPrice = 30000 },
            new NewStoreLineSpec { ProductId = "P2", UnitPrice = 40000 },
        ],
        CustomerEmail = "jane@example.com",
        Publish = publish,
    };

    private static async Task<Reply> ReplyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body), response.Headers);
    }

    protected sealed record Reply(int Status, JsonNode? Body, HttpResponseHeaders Headers);
}
