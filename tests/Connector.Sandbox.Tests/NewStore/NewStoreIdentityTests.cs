using System.Net.Http.Headers;
using System.Text;

namespace Connector.Sandbox.Tests.NewStore;

public sealed class NewStoreIdentityTests : NewStoreSimulatorTestBase
{
    private const string Integrations = "/api/v1/org/integrations/eventstream";

    [Fact]
    public async Task Token_is_issued_for_client_credentials_and_accepted_by_the_api()
    {
        var reply = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret);

        Assert.Equal(200, reply.Status);
        Assert.Equal("Bearer", reply.Body!["token_type"]!.GetValue<string>());
        Assert.Equal(300, reply.Body!["expires_in"]!.GetValue<long>());
        var api = await SendAsync(HttpMethod.Get, Integrations, token: reply.Body!["access_token"]!.GetValue<string>());
        Assert.Equal(200, api.Status);
        Assert.Empty(api.Body!["integrations"]!.AsArray());
    }

    [Fact]
    public async Task Token_is_issued_for_client_credentials_sent_as_http_basic()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Simulator.Options.ClientId}:{Simulator.Options.ClientSecret}")));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "iam:providers:read" });

        using var response = await Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_refused_with_403_and_a_json_error()
    {
        var token = await TokenAsync();
        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, Integrations, token: token)).Status);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var reply = await SendAsync(HttpMethod.Get, Integrations, token: token);

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Body!["error_code"]!.GetValue<string>());
        Assert.Equal("The access token is invalid or has expired.", reply.Body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_token_is_refused_with_403_and_a_missing_header_with_401()
    {
        var unknown = await SendAsync(HttpMethod.Get, Integrations, token: "not-a-token");
        var missing = await SendAsync(HttpMethod.Post, "/api/v1/org/data/query", "{}");

        Assert.Equal(403, unknown.Status);
        Assert.Equal(401, missing.Status);
        Assert.Equal("unauthorized", missing.Body!["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("leat-connector", "wrong-secret")]
    [InlineData("someone-else", "sandbox-newstore-secret")]
    public async Task Wrong_client_or_secret_is_refused_with_401(string clientId, string secret)
    {
        var reply = await RequestTokenAsync(clientId, secret);

        Assert.Equal(401, reply.Status);
        Assert.Equal("unauthorized_client", reply.Body!["error"]!.GetValue<string>());
        Assert.Equal("Invalid client or Invalid client credentials", reply.Body!["error_description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_realm_or_grant_is_refused()
    {
        var realm = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret, realm: "other-tenant");
        var grant = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret, grant: "password");

        Assert.Equal(404, realm.Status);
        Assert.Equal("Realm does not exist", realm.Body!["error"]!.GetValue<string>());
        Assert.Equal(400, grant.Status);
        Assert.Equal("unsupported_grant_type", grant.Body!["error"]!.GetValue<string>());
    }
}
