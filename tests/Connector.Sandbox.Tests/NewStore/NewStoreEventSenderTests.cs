using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Sandbox.NewStore;

namespace Connector.Sandbox.Tests.NewStore;

public sealed partial class NewStoreEventSenderTests : NewStoreSimulatorTestBase
{
    private Task RestartAsync(double duplicateRate = 0, double lateRate = 0, bool shuffle = false) =>
        RestartSimulatorAsync(new NewStoreSimulatorOptions
        {
            TimeProvider = Clock,
            RetryDelay = TimeSpan.FromSeconds(30),
            DuplicateRate = duplicateRate,
            LateRate = lateRate,
            MaxLateDelay = TimeSpan.FromSeconds(20),
            ShuffleEvents = shuffle,
            Seed = 5,
        });

    [Fact]
    public async Task Each_event_is_posted_alone_in_the_documented_envelope_with_the_api_key_as_bearer()
    {
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "the-api-key");
        var id = Simulator.CreateOrder(ReferenceExampleOrder());

        await Simulator.FlushEventsAsync();

        var received = Assert.Single(Receiver.Drain());
        Assert.Equal("Bearer the-api-key", received.Headers["authorization"]);
        Assert.True(Assert.Single(Simulator.Deliveries).SentApiKey);
        Assert.StartsWith("application/json", received.Headers["content-type"], StringComparison.Ordinal);
        var envelope = JsonNode.Parse(received.Body)!.AsObject();
        Assert.Equal(["tenant", "name", "published_at", "payload"], envelope.Select(p => p.Key));
        Assert.Equal(Simulator.Options.Tenant, envelope["tenant"]!.GetValue<string>());
        Assert.Equal("order.opened", envelope["name"]!.GetValue<string>());
        Assert.Equal("2026-03-02T09:00:00.000Z", envelope["published_at"]!.GetValue<string>());
        Assert.Equal(id, envelope["payload"]!["id"]!.GetValue<string>());
        Assert.Matches(WithZ(), envelope["payload"]!["placed_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Integration_without_an_api_key_gets_no_authorization_header()
    {
        Simulator.RegisterIntegration("open", Receiver.Url, apiKey: null);
        Simulator.CreateOrder(ReferenceExampleOrder());

        await Simulator.FlushEventsAsync();

        Assert.DoesNotContain("authorization", Assert.Single(Receiver.Drain()).Headers.Keys);
        Assert.False(Assert.Single(Simulator.Deliveries).SentApiKey);
    }

    [Fact]
    public async Task Event_filter_limits_what_an_integration_receives()
    {
        Simulator.RegisterIntegration("returns-only", Receiver.Url, "k", ["return.processed"]);
        var id = Simulator.CreateOrder(ReferenceExampleOrder());
        Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["P2"] });

        await Simulator.FlushEventsAsync();

        Assert.Equal("return.processed", JsonNode.Parse(Assert.Single(Receiver.Drain()).Body)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_are_delivered_at_least_once_and_shuffled()
    {
        await RestartAsync(duplicateRate: 0.5, shuffle: true);
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k");
        for (var i = 0; i < 12; i++)
        {
            Simulator.CreateOrder(ReferenceExampleOrder());
        }

        await Simulator.FlushEventsAsync();

        var sequence = Receiver.Drain().Select(r => JsonNode.Parse(r.Body)!["payload"]!["id"]!.GetValue<string>()).ToList();
        var published = Simulator.Events.Select(e => e.EntityId).ToList();
        Assert.Equal(published.Order(), sequence.Distinct().Order());
        Assert.InRange(sequence.Count, 14, 23);
        Assert.NotEqual(published, sequence.Distinct());
    }

    [Fact]
    public async Task Late_events_wait_for_their_delay()
    {
        await RestartAsync(lateRate: 1.0);
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k");
        Simulator.CreateOrder(ReferenceExampleOrder());
        Simulator.CreateOrder(ReferenceExampleOrder());

        await Simulator.FlushEventsAsync();
        Assert.Empty(Receiver.Drain());
        Assert.Equal(2, Simulator.PendingDeliveries);
        Clock.Advance(TimeSpan.FromSeconds(20));
        await Simulator.FlushEventsAsync();

        Assert.Equal(2, Receiver.Drain().Count);
        Assert.Equal(0, Simulator.PendingDeliveries);
    }

    [Fact]
    public async Task Refused_delivery_is_retried_after_the_retry_delay_and_not_after_success()
    {
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k");
        Simulator.CreateOrder(ReferenceExampleOrder());
        Receiver.AnswerNext(503, 401);

        var first = await Simulator.FlushEventsAsync();
        var tooSoon = await Simulator.FlushEventsAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await Simulator.FlushEventsAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var third = await Simulator.FlushEventsAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var none = await Simulator.FlushEventsAsync();

        Assert.Equal((1, 503), (Assert.Single(first).Attempt, first[0].Status));
        Assert.Empty(tooSoon);
        Assert.Equal((2, 401), (Assert.Single(second).Attempt, second[0].Status));
        Assert.Equal((3, 200), (Assert.Single(third).Attempt, third[0].Status));
        Assert.Empty(none);
        Assert.Equal(3, Receiver.Drain().Count);
        Assert.Equal([503, 401, 200], Simulator.Deliveries.Select(d => d.Status));
    }

    [Fact]
    public async Task Unreachable_callback_counts_as_no_answer_and_is_retried()
    {
        Simulator.RegisterIntegration("leat-connector", "http://127.0.0.1:1/webhooks/newstore", "k");
        Simulator.CreateOrder(ReferenceExampleOrder());

        var first = await Simulator.FlushEventsAsync();

        Assert.Equal(0, Assert.Single(first).Status);
        Assert.Equal(1, Simulator.PendingDeliveries);
    }

    [Fact]
    public async Task Stopped_integration_holds_its_events_until_started()
    {
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k");
        var token = await TokenAsync();
        await SendAsync(HttpMethod.Post, "/api/v1/org/integrations/eventstream/leat-connector/_stop", token: token);
        Simulator.CreateOrder(ReferenceExampleOrder());

        await Simulator.FlushEventsAsync();
        Assert.Empty(Receiver.Drain());
        await SendAsync(HttpMethod.Post, "/api/v1/org/integrations/eventstream/leat-connector/_start", token: token);
        await Simulator.FlushEventsAsync();

        Assert.Single(Receiver.Drain());
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex WithZ();
}
