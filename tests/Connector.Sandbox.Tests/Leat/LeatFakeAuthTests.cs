using System.Net.Http.Headers;
using System.Text;

namespace Connector.Sandbox.Tests.Leat;

public sealed class LeatFakeAuthTests : LeatFakeTestBase
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic c2FuZGJveC10b2tlbg==")]
    [InlineData("sandbox-token")]
    public async Task Requests_are_rejected_with_401_when_the_bearer_token_is_missing_or_wrong(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = Fake.ApiBaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders/create-and-process")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("""{"status_code":401,"code":1001,"message":"Unauthenticated."}""", body);
        var recorded = Assert.Single(Fake.Requests);
        Assert.Equal(authorization is not null, recorded.HasAuthorization);
        Assert.False(recorded.Authorized);
        Assert.Empty(Fake.Orders);
    }

    [Fact]
    public async Task Requests_are_recorded_with_body_headers_and_answer_when_authorised()
    {
        var contact = await ContactAsync();
        var json = Order(contact).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Partner-ID", "P01-test");

        using var response = await Http.SendAsync(request);

        var recorded = Fake.Requests[^1];
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/api/v3/oauth/clients/orders", recorded.Path);
        Assert.Equal(json, recorded.Body);
        Assert.True(recorded.HasAuthorization);
        Assert.True(recorded.Authorized);
        Assert.Equal("application/json", recorded.Accept);
        Assert.StartsWith("application/json", recorded.ContentType, StringComparison.Ordinal);
        Assert.Equal("P01-test", recorded.Headers["X-Partner-ID"]);
        Assert.False(recorded.Headers.ContainsKey("Authorization"));
        Assert.Equal(200, recorded.ResponseStatus);
        Assert.Contains("\"external_identifier\":\"ORD-1\"", recorded.ResponseBody, StringComparison.Ordinal);
        Assert.Equal("?email=spongebob%40bikinibottom.sea", Fake.Requests[0].QueryString);
        Assert.Equal(1, Fake.CallCount("POST", "orders"));
        Assert.Equal(1, Fake.CallCount("get", "/api/v3/oauth/clients/contacts"));
        Assert.Equal(0, Fake.CallCount("POST", "order-returns"));

        Fake.ClearRequests();
        Assert.Empty(Fake.Requests);
        Assert.Single(Fake.Orders);
    }

    [Fact]
    public async Task Accept_header_is_optional_but_recorded_when_absent()
    {
        using var client = new HttpClient { BaseAddress = Fake.ApiBaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Fake.ApiToken);

        using var response = await client.GetAsync("shops");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Null(Fake.Requests[0].Accept);
    }
}
