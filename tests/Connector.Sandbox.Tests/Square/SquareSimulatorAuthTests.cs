using System.Net.Http.Headers;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareSimulatorAuthTests : SquareSimulatorTestBase
{
    [Fact]
    public async Task Simulator_answers_401_in_square_shape_when_the_token_is_missing_or_wrong()
    {
        var orderId = Simulator.CreateSale(SimpleSale());
        using var anonymous = new HttpClient { BaseAddress = Simulator.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = Simulator.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");

        using var missing = await anonymous.GetAsync($"v2/orders/{orderId}");
        using var bad = await wrong.GetAsync($"v2/orders/{orderId}");

        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal(401, (int)bad.StatusCode);
        Assert.Equal(
            """{"errors":[{"category":"AUTHENTICATION_ERROR","code":"UNAUTHORIZED","detail":"This request could not be authorized."}]}""",
            await bad.Content.ReadAsStringAsync());
        var ok = await GetAsync($"v2/orders/{orderId}");
        Assert.Equal(200, ok.Status);
    }

    [Fact]
    public async Task Simulator_records_whether_a_token_was_sent_but_never_its_value()
    {
        using var wrong = new HttpClient { BaseAddress = Simulator.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "secret-wrong-token");

        using var _ = await wrong.GetAsync("v2/customers/NOPE?x=1");
        await GetAsync("v2/customers/NOPE");

        var requests = Simulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].HasAuthorization);
        Assert.False(requests[0].Authorized);
        Assert.Equal(401, requests[0].ResponseStatus);
        Assert.Equal("?x=1", requests[0].QueryString);
        Assert.True(requests[1].Authorized);
        Assert.Equal(404, requests[1].ResponseStatus);
        Assert.Equal("2025-08-20", requests[1].SquareVersion);
        Assert.DoesNotContain(requests, r => r.ToString().Contains("secret-wrong-token", StringComparison.Ordinal)
            || r.ToString().Contains(Simulator.Options.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulator_rejects_a_malformed_square_version_and_echoes_a_valid_one()
    {
        var orderId = Simulator.CreateSale(SimpleSale());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/orders/{orderId}");
        request.Headers.Add("Square-Version", "2025-8-20");
        using var httpClient = new HttpClient { BaseAddress = Simulator.BaseAddress };
        httpClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Simulator.Options.AccessToken);

        using var malformed = await httpClient.SendAsync(request);
        var valid = await GetAsync($"v2/orders/{orderId}");

        Assert.Equal(400, (int)malformed.StatusCode);
        Assert.Contains("INVALID_SQUARE_VERSION_FORMAT", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("2025-08-20", valid.Headers.GetValues("Square-Version").Single());
    }
}
