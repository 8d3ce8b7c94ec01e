using System.Net;
using System.Text;
using Connector.Platforms.NewStore.Tests.Sync;
using Connector.Testing;

namespace Connector.Platforms.NewStore.Tests.Webhooks;

/// <summary><c>POST /webhooks/newstore</c> over real HTTP into real PostgreSQL, with the job server off so requested work stays visible.</summary>
public sealed class NewStoreWebhookEndpointTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private NewStoreTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await NewStoreTestHost.MigrateAsync(database.DataSource);
        _host = await NewStoreTestHost.StartAsync(database.ConnectionString, jobs: false);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_order_opened_with_the_right_key_is_stored_once_and_requests_its_orders_sync()
    {
        var order = NewStoreEvents.Order();

        var response = await _host.PostAsync(NewStoreEvents.Opened(order));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stored", await response.Content.ReadAsStringAsync());
        var row = Assert.Single(await InboxAsync(order.Id));
        Assert.Equal(($"order.opened:{order.Id}", "order.opened", NewStoreTestHost.Tenant, "order", $"newstore:order:{order.Id}"), row);
        Assert.Equal([$"newstore:order:{order.Id}"], await WorkAsync(order.Id));
    }

    [Fact]
    public async Task A_missing_api_key_is_401_and_nothing_is_stored_but_the_rejection()
    {
        var order = NewStoreEvents.Order();

        var response = await _host.PostAsync(NewStoreEvents.Opened(order), apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing api key", await response.Content.ReadAsStringAsync());
        Assert.Empty(await InboxAsync(order.Id));
        Assert.Empty(await WorkAsync(order.Id));
        Assert.True(await RejectionsAsync("missing api key") >= 1);
    }

    [Fact]
    public async Task A_wrong_api_key_is_401_and_nothing_is_stored_but_the_rejection()
    {
        var order = NewStoreEvents.Order();

        var response = await _host.PostAsync(NewStoreEvents.Opened(order), apiKey: "test-event-stream-kez");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid api key", await response.Content.ReadAsStringAsync());
        Assert.Empty(await InboxAsync(order.Id));
        Assert.Empty(await WorkAsync(order.Id));
        Assert.True(await RejectionsAsync("invalid api key") >= 1);
    }

    [Fact]
    public async Task An_event_of_another_tenant_is_refused_with_the_reason_and_recorded()
    {
        var order = NewStoreEvents.Order();

        var response = await _host.PostAsync(NewStoreEvents.Opened(order, tenant: "someone-else"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reason = $"event of tenant \"someone-else\", but this connector serves NewStore:Tenant \"{NewStoreTestHost.Tenant}\"";
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
        Assert.Empty(await InboxAsync(order.Id));
        Assert.Empty(await WorkAsync(order.Id));
        Assert.Equal(1, await RejectionsAsync(reason));
    }

    [Fact]
    public async Task Malformed_JSON_is_400()
    {
        var response = await _host.PostAsync("{\"tenant\": \"leat-connector-test\", \"name\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("malformed JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_that_is_not_what_its_event_name_says_is_400_naming_it()
    {
        var response = await _host.PostAsync($$$"""{"tenant": "{{{NewStoreTestHost.Tenant}}}", "name": "return.processed", "payload": {"order_id": "o1"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("NewStore return.processed: the payload is not a NewStoreReturn", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tenant": "leat-connector-test", "name": "order.opened"}""", "NewStore order.opened: the payload is missing.")]
    [InlineData("""{"tenant": "leat-connector-test", "name": "order.opened", "payload": [1]}""", "NewStore order.opened: the payload is not an object.")]
    [InlineData("""{"name": "order.opened", "payload": {}}""", "not a NewStore event envelope: tenant and name are required")]
    [InlineData("""[{"tenant": "leat-connector-test"}]""", "not a NewStore event envelope: tenant and name are required")]
    [InlineData("""{"tenant": 7, "name": "order.opened"}""", "not a NewStore event envelope: ")]
    public async Task An_unusable_envelope_is_400_with_its_reason_and_recorded(string body, string reason)
    {
        var response = await _host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.StartsWith(reason, answer, StringComparison.Ordinal);
        Assert.True(await RejectionsAsync(answer) >= 1);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"tenant": "{{{NewStoreTestHost.Tenant}}}", "name": "order.opened", "payload": {"pad": "{{{new string('x', 1024 * 1024)}}}"}}""");

        var response = await _host.PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_same_event_delivered_three_times_is_one_inbox_row_and_one_work_request()
    {
        var order = NewStoreEvents.Order();
        var body = NewStoreEvents.Opened(order);

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await _host.PostAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(["stored", "duplicate", "duplicate"], answers);
        Assert.Single(await InboxAsync(order.Id));
        Assert.Single(await WorkAsync(order.Id));
    }

    [Fact]
    public async Task Two_item_cancellations_of_one_order_are_two_events_for_one_orders_work()
    {
        var order = NewStoreEvents.Order();

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ItemsCancelled(order, order.Items[0].Id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ItemsCancelled(order, order.Items[1].Id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ItemsCancelled(order, order.Items[1].Id))).StatusCode);

        var rows = await InboxAsync(order.Id);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.StartsWith($"order.items_cancelled:{order.Id}:", r.EventId, StringComparison.Ordinal));
        Assert.Equal([$"newstore:order:{order.Id}"], await WorkAsync(order.Id));
    }

    [Fact]
    public async Task NewStores_idempotency_key_keys_the_event_when_the_envelope_has_one()
    {
        var order = NewStoreEvents.Order();
        var body = NewStoreEvents.Opened(order).Insert(1, "\"idempotency_key\": \"k-123\", ");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(body)).StatusCode);

        Assert.Equal("order.opened:k-123", Assert.Single(await InboxAsync(order.Id)).EventId);
    }

    [Fact]
    public async Task An_unknown_event_is_stored_and_acknowledged_without_work()
    {
        var id = Guid.NewGuid().ToString();

        var response = await _host.PostAsync($$$"""{"tenant": "{{{NewStoreTestHost.Tenant}}}", "name": "inventory_transaction.asn_created", "payload": {"id": "{{{id}}}"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await InboxAsync(id));
        Assert.Equal(($"inventory_transaction.asn_created:{id}", (string?)null), (row.EventId, row.WorkKey));
        Assert.Empty(await WorkAsync(id));
    }

    [Fact]
    public async Task A_blind_return_requests_its_own_work()
    {
        var returnId = Guid.NewGuid().ToString();

        var response = await _host.PostAsync($$$"""{"tenant": "{{{NewStoreTestHost.Tenant}}}", "name": "return.processed", "payload": {"id": "{{{returnId}}}", "currency": "USD", "items": []}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"newstore:blind-return:{returnId}"], await WorkAsync(returnId));
    }

    private async Task<List<(string EventId, string EventType, string? AccountId, string? ObjectType, string? WorkKey)>> InboxAsync(string objectId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT event_id, event_type, account_id, object_type, work_key FROM intake.webhook_inbox WHERE platform = 'newstore' AND object_id = @id ORDER BY event_id");
        command.Parameters.AddWithValue("id", objectId);
        var rows = new List<(string, string, string?, string?, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    private async Task<List<string>> WorkAsync(string id)
    {
        await using var command = database.DataSource.CreateCommand("SELECT key FROM jobs.keyed_work WHERE id = @id ORDER BY key");
        command.Parameters.AddWithValue("id", id);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private async Task<long> RejectionsAsync(string reason)
    {
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(sum(count), 0)::bigint FROM intake.webhook_rejection WHERE platform = 'newstore' AND reason = @reason");
        command.Parameters.AddWithValue("reason", reason);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
