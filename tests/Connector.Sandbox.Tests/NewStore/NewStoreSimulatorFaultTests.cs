namespace Connector.Sandbox.Tests.NewStore;

public sealed class NewStoreSimulatorFaultTests : NewStoreSimulatorTestBase
{
    private const string Integrations = "/api/v1/org/integrations/eventstream";

    [Fact]
    public async Task Injected_429_carries_retry_after_and_has_no_effect()
    {
        var token = await TokenAsync();
        Simulator.FailNext(1, 429, TimeSpan.FromSeconds(1.2), Integrations);

        var limited = await SendAsync(HttpMethod.Post, Integrations, new System.Text.Json.Nodes.JsonObject { ["id"] = "a", ["callback_parameters"] = new System.Text.Json.Nodes.JsonObject { ["callback_url"] = Receiver.Url } }.ToJsonString(), token);
        var after = await SendAsync(HttpMethod.Get, Integrations, token: token);

        Assert.Equal(429, limited.Status);
        Assert.Equal("2", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal("too_many_requests", limited.Body!["error_code"]!.GetValue<string>());
        Assert.Empty(after.Body!["integrations"]!.AsArray());
    }

    [Fact]
    public async Task Injected_403_is_the_ip_block_with_a_body_that_is_not_json()
    {
        var token = await TokenAsync();
        Simulator.FailNext(1, 403);

        using var request = new HttpRequestMessage(HttpMethod.Get, Integrations);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<html>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, Integrations, token: token)).Status);
    }

    [Fact]
    public async Task Faults_match_their_path_only_and_are_used_up()
    {
        Simulator.FailNext(2, 503, pathFilter: "/auth/");
        var token = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret);
        var again = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret);
        var ok = await RequestTokenAsync(Simulator.Options.ClientId, Simulator.Options.ClientSecret);

        Assert.Equal((503, 503, 200), (token.Status, again.Status, ok.Status));
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, Integrations, token: ok.Body!["access_token"]!.GetValue<string>())).Status);
        Assert.Equal([503, 503, 200, 200], Simulator.Requests.Select(r => r.Status));
    }
}
