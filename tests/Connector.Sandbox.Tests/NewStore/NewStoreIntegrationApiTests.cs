using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.Tests.NewStore;

public sealed class NewStoreIntegrationApiTests : NewStoreSimulatorTestBase
{
    private const string Integrations = "/api/v1/org/integrations/eventstream";

    private string Registration(string id, string? startsAt = null, string? endsAt = null, string? type = null)
    {
        var body = new JsonObject
        {
            ["id"] = id,
            ["callback_parameters"] = new JsonObject { ["callback_url"] = Receiver.Url, ["api_key"] = "key-" + id },
        };
        if (type is not null)
        {
            body["integration_type"] = type;
        }

        if (startsAt is not null)
        {
            body["starts_at"] = startsAt;
        }

        if (endsAt is not null)
        {
            body["ends_at"] = endsAt;
        }

        return body.ToJsonString();
    }

    [Fact]
    public async Task Integration_is_registered_running_listed_updated_stopped_started_and_deleted()
    {
        var token = await TokenAsync();

        var created = await SendAsync(HttpMethod.Post, Integrations, Registration("leat-connector"), token);
        var listed = await SendAsync(HttpMethod.Get, Integrations, token: token);
        var patched = await SendAsync(HttpMethod.Patch, Integrations + "/leat-connector",
            """{"callback_parameters":{"callback_url":"http://127.0.0.1:1/elsewhere"},"filter_conditions":{"event_filter":["return.processed"]}}""", token);
        var stopped = await SendAsync(HttpMethod.Post, Integrations + "/leat-connector/_stop", token: token);
        var got = await SendAsync(HttpMethod.Get, Integrations + "/leat-connector", token: token);
        var started = await SendAsync(HttpMethod.Post, Integrations + "/leat-connector/_start", token: token);
        var deleted = await SendAsync(HttpMethod.Delete, Integrations + "/leat-connector", token: token);
        var gone = await SendAsync(HttpMethod.Get, Integrations + "/leat-connector", token: token);

        Assert.Equal(201, created.Status);
        Assert.Equal("running", created.Body!["status"]!.GetValue<string>());
        Assert.Equal("permanent", created.Body!["integration_type"]!.GetValue<string>());
        Assert.Equal("leat-connector", Assert.Single(listed.Body!["integrations"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:1/elsewhere", patched.Body!["callback_parameters"]!["callback_url"]!.GetValue<string>());
        Assert.Equal("key-leat-connector", patched.Body!["callback_parameters"]!["api_key"]!.GetValue<string>());
        Assert.Equal(["return.processed"], patched.Body!["filter_conditions"]!["event_filter"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("stopped", stopped.Body!["status"]!.GetValue<string>());
        Assert.Equal("stopped", got.Body!["status"]!.GetValue<string>());
        Assert.Equal("running", started.Body!["status"]!.GetValue<string>());
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, gone.Status);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PATCH", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/_start")]
    [InlineData("POST", "/_stop")]
    public async Task Unknown_integration_is_resource_not_found(string method, string suffix)
    {
        var token = await TokenAsync();

        var reply = await SendAsync(new HttpMethod(method), Integrations + "/nobody" + suffix, method == "PATCH" ? "{}" : null, token);

        Assert.Equal(404, reply.Status);
        Assert.Equal("resource_not_found", reply.Body!["error_code"]!.GetValue<string>());
        Assert.Equal("Integration 'nobody' was not found.", reply.Body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task At_most_25_integrations_count_stopped_and_temporary_ones()
    {
        var token = await TokenAsync();
        for (var i = 0; i < 25; i++)
        {
            var registration = i % 5 == 0
                ? Registration($"i{i}", "2026-03-01T00:00:00.000Z", "2026-03-01T01:00:00.000Z", "temporary")
                : Registration($"i{i}");
            Assert.Equal(201, (await SendAsync(HttpMethod.Post, Integrations, registration, token)).Status);
        }

        await SendAsync(HttpMethod.Post, Integrations + "/i1/_stop", token: token);
        var refused = await SendAsync(HttpMethod.Post, Integrations, Registration("one-too-many"), token);
        await SendAsync(HttpMethod.Delete, Integrations + "/i1", token: token);
        var accepted = await SendAsync(HttpMethod.Post, Integrations, Registration("one-too-many"), token);

        Assert.Equal(409, refused.Status);
        Assert.Equal("integration_limit_reached", refused.Body!["error_code"]!.GetValue<string>());
        Assert.Equal(201, accepted.Status);
    }

    [Fact]
    public async Task Same_id_twice_is_a_conflict()
    {
        var token = await TokenAsync();
        await SendAsync(HttpMethod.Post, Integrations, Registration("dup"), token);

        var reply = await SendAsync(HttpMethod.Post, Integrations, Registration("dup"), token);

        Assert.Equal(409, reply.Status);
        Assert.Equal("resource_already_exists", reply.Body!["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"callback_parameters":{"callback_url":"http://127.0.0.1/x"}}""", "id is required.")]
    [InlineData("""{"id":"a"}""", "callback_parameters.callback_url must be an absolute http(s) URL.")]
    [InlineData("""{"id":"a","callback_parameters":{"callback_url":"/relative"}}""", "callback_parameters.callback_url must be an absolute http(s) URL.")]
    [InlineData("""{"id":"a","integration_type":"temporary","starts_at":"2026-03-01T00:00:00Z","callback_parameters":{"callback_url":"http://127.0.0.1/x"}}""", "A temporary integration needs starts_at and ends_at, with ends_at not before starts_at.")]
    [InlineData("""{"id":"a","integration_type":"forever","callback_parameters":{"callback_url":"http://127.0.0.1/x"}}""", "integration_type must be permanent or temporary, not 'forever'.")]
    [InlineData("""{"id":"a","callback_parameters":{"callback_url":"http://127.0.0.1/x"},"filter_conditions":{"event_filter":"order.opened"}}""", "filter_conditions.event_filter must be a list of non-empty strings.")]
    [InlineData("""[1]""", "The request body must be a JSON object.")]
    public async Task Invalid_registration_is_refused_with_a_clear_message(string body, string message)
    {
        var token = await TokenAsync();

        var reply = await SendAsync(HttpMethod.Post, Integrations, body, token);

        Assert.Equal(400, reply.Status);
        Assert.Equal(message, reply.Body!["message"]!.GetValue<string>());
        Assert.Empty((await SendAsync(HttpMethod.Get, Integrations, token: token)).Body!["integrations"]!.AsArray());
    }

    [Fact]
    public async Task Temporary_integration_replays_exactly_its_window_then_stops_itself()
    {
        var token = await TokenAsync();
        var start = Clock.GetUtcNow();
        var orders = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // Orders at +0, +10, +20, +30, +40 s.
            orders.Add(Simulator.CreateOrder(ReferenceExampleOrder()));
            Clock.Advance(TimeSpan.FromSeconds(10));
        }

        string At(int seconds) => start.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var reply = await SendAsync(HttpMethod.Post, Integrations, Registration("replay", At(10), At(30)), token);
        var deliveries = await Simulator.FlushEventsAsync();
        var received = Receiver.Drain();
        Simulator.CreateOrder(ReferenceExampleOrder());
        await Simulator.FlushEventsAsync();

        Assert.Equal(201, reply.Status);
        Assert.Equal("temporary", reply.Body!["integration_type"]!.GetValue<string>());
        // Events published at +10, +20 and +30 s: both ends of the window are inclusive; nothing before or after.
        Assert.Equal(orders[1..4], received.Select(r => JsonNode.Parse(r.Body)!["payload"]!["id"]!.GetValue<string>()));
        Assert.All(deliveries, d => Assert.Equal(200, d.Status));
        Assert.Equal("stopped", Simulator.GetIntegration("replay")!["status"]!.GetValue<string>());
        Assert.Empty(Receiver.Drain());
    }

    [Fact]
    public async Task Temporary_integration_whose_window_is_still_open_keeps_running_and_receives_new_events_in_it()
    {
        var token = await TokenAsync();
        var start = Clock.GetUtcNow();
        string At(int seconds) => start.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await SendAsync(HttpMethod.Post, Integrations, Registration("open", At(0), At(60)), token);

        var inWindow = Simulator.CreateOrder(ReferenceExampleOrder());
        await Simulator.FlushEventsAsync();
        Assert.Equal("running", Simulator.GetIntegration("open")!["status"]!.GetValue<string>());
        Clock.Advance(TimeSpan.FromSeconds(61));
        Simulator.CreateOrder(ReferenceExampleOrder());
        await Simulator.FlushEventsAsync();

        var received = Assert.Single(Receiver.Drain());
        Assert.Equal(inWindow, JsonNode.Parse(received.Body)!["payload"]!["id"]!.GetValue<string>());
        Assert.Equal("stopped", Simulator.GetIntegration("open")!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Sandbox_registration_helper_refuses_what_the_api_refuses()
    {
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k");

        var e = Assert.Throws<InvalidOperationException>(() => Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k"));

        Assert.Contains("resource_already_exists", e.Message, StringComparison.Ordinal);
    }
}
