using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Connector.Core.Database;
using Connector.Platforms.Square.Jobs;
using Connector.Platforms.Square.Webhooks;
using Connector.Testing;
using Npgsql;

namespace Connector.Platforms.Square.Tests.Webhooks;

public sealed class SquareWebhookEndpointTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private SquareWebhookHost _host = null!;
    private MeterListener _listener = null!;
    private readonly List<(string Instrument, string Tag)> _measurements = [];

    public async Task InitializeAsync()
    {
        await SquareWebhookHost.MigrateAsync(database.DataSource);
        _host = await SquareWebhookHost.StartAsync(database.ConnectionString);
        var meter = _host.Metrics.Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            lock (_measurements)
            {
                // The second tag is the outcome or reason (the first names the platform).
                _measurements.Add((instrument.Name, tags[1].Value?.ToString() ?? ""));
            }
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_stores_the_event_and_enqueues_one_order_job_when_an_order_update_is_validly_signed()
    {
        var ids = Ids.New();
        var body = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stored", await response.Content.ReadAsStringAsync());
        var row = Assert.Single(await InboxAsync(ids.EventId));
        Assert.Equal(("5S9MXCS9Y99KK", "order.updated", "order_updated", ids.OrderId), (row.MerchantId, row.EventType, row.ObjectType, row.ObjectId));
        Assert.Equal(ids.OrderId, row.BodyOrderId);
        var job = Assert.Single(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));
        Assert.Equal((SquareJobKinds.SyncOrder, ids.OrderId, "square:order:" + ids.OrderId), (job.Kind, job.Id, job.Key));
        Assert.Equal(job.Key, row.WorkKey);
        Assert.Contains(("connector.webhooks.received", "stored"), Measurements());
    }

    [Fact]
    public async Task Webhook_keeps_one_row_and_one_job_when_the_same_delivery_arrives_three_times()
    {
        var ids = Ids.New();
        var body = Event("order-created.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await _host.PostSignedAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(["stored", "duplicate", "duplicate"], answers);
        Assert.Single(await InboxAsync(ids.EventId));
        Assert.Single(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));
    }

    [Fact]
    public async Task Webhook_keeps_one_row_and_one_job_when_the_same_delivery_arrives_concurrently()
    {
        var ids = Ids.New();
        var body = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _host.PostSignedAsync(body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Equal(1, answers.Count(a => a == "stored"));
        Assert.Single(await InboxAsync(ids.EventId));
        Assert.Single(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));
    }

    [Fact]
    public async Task Webhook_attaches_both_events_to_one_live_job_when_an_order_update_and_a_payment_update_name_the_same_order()
    {
        var ids = Ids.New();
        var paymentEventId = Guid.NewGuid().ToString();
        var orderUpdated = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));
        var paymentUpdated = Event("payment-updated.webhook.json", paymentEventId, ("03O3USaPaAaFnI6kkwB1JxGgBsUZY", ids.OrderId));

        // Out of order on purpose: the payment's event can arrive before the order's.
        Assert.Equal(HttpStatusCode.OK, (await _host.PostSignedAsync(paymentUpdated)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostSignedAsync(orderUpdated)).StatusCode);

        var job = Assert.Single(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));
        Assert.Equal(job.Key, Assert.Single(await InboxAsync(ids.EventId)).WorkKey);
        Assert.Equal(job.Key, Assert.Single(await InboxAsync(paymentEventId)).WorkKey);
        Assert.Equal(ids.OrderId, job.Id);
    }

    [Fact]
    public async Task Webhook_enqueues_one_refund_job_when_a_refund_is_created_and_then_updated()
    {
        var refundId = "REFUND-" + Guid.NewGuid().ToString("N");
        var created = Event("refund-created.webhook.json", Guid.NewGuid().ToString(), ("KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHYxt5gAdfcobBe4u1AZsXhoz06KTtuq9Ls24P", refundId));

        // The shared examples give refund.created and refund.updated the same event_id; real deliveries have their own.
        var updated = Event("refund-updated.webhook.json", Guid.NewGuid().ToString(), ("KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHYxt5gAdfcobBe4u1AZsXhoz06KTtuq9Ls24P", refundId));

        Assert.Equal(HttpStatusCode.OK, (await _host.PostSignedAsync(created)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostSignedAsync(updated)).StatusCode);

        var job = Assert.Single(await JobsAsync(SquareJobKinds.RefundKey(refundId)));
        Assert.Equal((SquareJobKinds.SyncRefund, refundId, "square:refund:" + refundId), (job.Kind, job.Id, job.Key));
    }

    [Fact]
    public async Task Webhook_stores_and_acknowledges_without_a_job_when_the_event_type_is_not_synced()
    {
        var eventId = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes("""{"merchant_id":"M","type":"customer.updated","event_id":"ID","created_at":"2026-01-01T00:00:00Z","data":{"type":"customer","id":"CUST-ID","object":{"customer":{"id":"CUST-ID"}}}}""".Replace("ID", eventId, StringComparison.Ordinal));
        var jobsBefore = await CountAsync("SELECT count(*) FROM jobs.keyed_work");

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await InboxAsync(eventId));
        Assert.Equal("customer.updated", row.EventType);
        Assert.Null(row.WorkKey);
        Assert.Equal(jobsBefore, await CountAsync("SELECT count(*) FROM jobs.keyed_work"));
    }

    [Fact]
    public async Task Webhook_answers_401_and_stores_nothing_but_a_rejection_when_the_signature_is_wrong()
    {
        var ids = Ids.New();
        var body = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));
        var rejectionsBefore = await CountAsync("SELECT coalesce(sum(count), 0) FROM intake.webhook_rejection");

        var response = await _host.PostAsync(body, SquareWebhookVerifier.ComputeSignature("another-key", SquareWebhookHost.NotificationUrl, body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid signature", await response.Content.ReadAsStringAsync());
        Assert.Empty(await InboxAsync(ids.EventId));
        Assert.Empty(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));
        var rejection = await LatestRejectionAsync();
        Assert.Equal(rejectionsBefore + 1, await CountAsync("SELECT coalesce(sum(count), 0) FROM intake.webhook_rejection"));
        Assert.Equal((401, "invalid signature", false, (long?)body.Length, (string?)null, "127.0.0.1"), (rejection.StatusCode, rejection.Reason, rejection.SignatureValid, rejection.BodySize, rejection.Body, rejection.RemoteAddress));
        Assert.Contains(("connector.webhooks.rejected", "invalid signature"), Measurements());
    }

    [Fact]
    public async Task Webhook_counts_a_flood_of_unsigned_requests_in_a_row_per_minute_instead_of_a_row_each()
    {
        var body = Encoding.UTF8.GetBytes("""{"event_id":"flood"}""");
        var rowsBefore = await CountAsync("SELECT count(*) FROM intake.webhook_rejection");
        var countedBefore = await CountAsync("SELECT coalesce(sum(count), 0) FROM intake.webhook_rejection");

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.PostAsync(body, "forged")).StatusCode);
        }

        // One row per platform, reason, address and minute (an earlier test's row of this minute may take them all):
        // the run may straddle a minute boundary, never more.
        Assert.InRange(await CountAsync("SELECT count(*) FROM intake.webhook_rejection") - rowsBefore, 0, 2);
        Assert.Equal(countedBefore + 50, await CountAsync("SELECT coalesce(sum(count), 0) FROM intake.webhook_rejection"));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM intake.webhook_rejection WHERE NOT signature_valid AND body IS NOT NULL"));
    }

    [Fact]
    public async Task Webhook_answers_401_when_signed_for_the_url_the_proxy_forwards_to_instead_of_the_registered_one()
    {
        var ids = Ids.New();
        var body = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));

        var response = await _host.PostAsync(body, SquareWebhookVerifier.ComputeSignature(SquareWebhookHost.SignatureKey, "http://connector.example.com/webhooks/square", body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await InboxAsync(ids.EventId));
    }

    [Fact]
    public async Task Webhook_answers_401_when_the_signature_header_is_missing()
    {
        var ids = Ids.New();
        var body = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));

        var response = await _host.PostAsync(body, signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing signature", await response.Content.ReadAsStringAsync());
        Assert.Empty(await InboxAsync(ids.EventId));
        Assert.Equal((401, "missing signature", false), ((await LatestRejectionAsync()).StatusCode, (await LatestRejectionAsync()).Reason, (await LatestRejectionAsync()).SignatureValid));
        Assert.Contains(("connector.webhooks.rejected", "missing signature"), Measurements());
    }

    [Theory]
    [InlineData("{\"event_id\":\"broken\",", "malformed JSON")]
    [InlineData("{\"type\":\"order.updated\",\"data\":{\"id\":\"X\"}}", "missing event_id")]
    [InlineData("{\"event_id\":\"no-type\"}", "missing type")]
    public async Task Webhook_answers_400_with_the_reason_when_a_validly_signed_body_is_not_a_usable_event(string text, string reason)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var inboxBefore = await CountAsync("SELECT count(*) FROM intake.webhook_inbox");

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(inboxBefore, await CountAsync("SELECT count(*) FROM intake.webhook_inbox"));
        var rejection = await LatestRejectionAsync();

        // Verified, so the body is kept for ops to see what Square sent.
        Assert.Equal((400, reason, true, text), (rejection.StatusCode, rejection.Reason, rejection.SignatureValid, rejection.Body));
    }

    [Theory]
    [InlineData("""{"event_id":"E","type":"order.updated","data":{"type":"order","id":"A\u0000B"}}""", "body has a NUL character (\\u0000) at $.data.id")]
    [InlineData("""{"event_id":"E\u0000","type":"order.updated"}""", "body has a NUL character (\\u0000) at $.event_id")]
    [InlineData("""{"event_id":"E","type":"order.updated","merchant_id":"\ud800"}""", "body has a lone surrogate escape (\\ud800) at $.merchant_id")]
    [InlineData("""{"event_id":"E","type":"order.updated","data":{"id":"O","object":{"amount":1e1000000}}}""", "number 1e1000000 at $.data.object.amount is out of jsonb's range (numeric allows 131072 digits before the decimal point and 16383 after it)")]
    [InlineData("""{"event_id":"E","type":"order.updated","data":{"type":"order","id":"A\nB"}}""", "data.id has a control character (U+000A)")]
    public async Task Webhook_answers_400_with_the_reason_and_records_it_when_a_signed_body_cannot_be_stored(string text, string reason)
    {
        var body = Encoding.UTF8.GetBytes(text.Replace("\"E\"", $"\"{Guid.NewGuid()}\"", StringComparison.Ordinal));
        var inboxBefore = await CountAsync("SELECT count(*) FROM intake.webhook_inbox");

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(inboxBefore, await CountAsync("SELECT count(*) FROM intake.webhook_inbox"));
        var rejection = await LatestRejectionAsync();
        Assert.Equal((400, reason, true, Encoding.UTF8.GetString(body)), (rejection.StatusCode, rejection.Reason, rejection.SignatureValid, rejection.Body));
    }

    [Theory]
    [InlineData("event_id")]
    [InlineData("data.id")]
    public async Task Webhook_answers_400_with_the_reason_when_a_signed_id_is_thousands_of_characters_long(string field)
    {
        var longId = new string('x', 3000);
        var body = Encoding.UTF8.GetBytes(field == "event_id"
            ? $$"""{"event_id":"{{longId}}","type":"order.updated"}"""
            : $$$"""{"event_id":"{{{Guid.NewGuid()}}}","type":"order.updated","data":{"type":"order","id":"{{{longId}}}"}}""");

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"{field} is 3000 characters long; at most 255 are accepted", await response.Content.ReadAsStringAsync());
        Assert.Equal((400, $"{field} is 3000 characters long; at most 255 are accepted"), ((await LatestRejectionAsync()).StatusCode, (await LatestRejectionAsync()).Reason));
    }

    [Fact]
    public async Task Webhook_answers_400_and_records_the_rejection_without_the_body_when_a_signed_body_is_not_utf8()
    {
        byte[] body = [.. "{\"event_id\":\"E\",\"type\":\"order.updated\",\"merchant_id\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body is not valid UTF-8 (at byte 54)", await response.Content.ReadAsStringAsync());
        var rejection = await LatestRejectionAsync();
        Assert.Equal((400, "body is not valid UTF-8 (at byte 54)", true, (string?)null), (rejection.StatusCode, rejection.Reason, rejection.SignatureValid, rejection.Body));
    }

    [Fact]
    public async Task Webhook_records_the_rejection_without_the_body_when_a_signed_body_holds_a_raw_nul_byte()
    {
        byte[] body = [.. "{\"event_id\":\"E"u8, 0x00, .. "\",\"type\":\"order.updated\"}"u8];

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed JSON", await response.Content.ReadAsStringAsync());
        var rejection = await LatestRejectionAsync();
        Assert.Equal((400, "malformed JSON", true, (long?)body.Length, (string?)null), (rejection.StatusCode, rejection.Reason, rejection.SignatureValid, rejection.BodySize, rejection.Body));
    }

    [Fact]
    public async Task Webhook_answers_the_next_deliveries_when_a_body_jsonb_refuses_arrives_on_a_pool_of_one_auto_preparing_connection()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
        await using var host = await SquareWebhookHost.StartAsync(connectionString, createDataSource: ConnectorDataSource.Create);
        var statuses = new List<HttpStatusCode>();
        var first = Ids.New();
        statuses.Add((await host.PostSignedAsync(Event("order-updated.webhook.json", first.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", first.OrderId)))).StatusCode);

        // Second use of the inbox statement, the one that auto-prepares it: before StorableJson this body reached
        // PostgreSQL, failed at Bind, and the next delivery on the connection got "unexpected backend message DataRow".
        var hostile = Ids.New();
        statuses.Add((await host.PostSignedAsync(Event("order-updated.webhook.json", hostile.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", hostile.OrderId), ("\"version\": 2", "\"version\": \"\\u0000\"")))).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            var ids = Ids.New();
            statuses.Add((await host.PostSignedAsync(Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId)))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Webhook_answers_413_without_storing_when_the_declared_body_is_over_the_limit()
    {
        var body = new byte[SquareWebhookSource.MaxBodyBytes + 1];
        body.AsSpan().Fill((byte)' ');

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body too large", await response.Content.ReadAsStringAsync());
        var rejection = await LatestRejectionAsync();
        Assert.Equal((413, false, (long?)body.Length, (string?)null), (rejection.StatusCode, rejection.SignatureValid, rejection.BodySize, rejection.Body));
    }

    [Fact]
    public async Task Webhook_answers_413_when_a_chunked_body_without_length_grows_over_the_limit()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/square")
        {
            Content = new StreamContent(new UnseekableStream(SquareWebhookSource.MaxBodyBytes * 2)),
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var rejection = await LatestRejectionAsync();
        Assert.Equal(413, rejection.StatusCode);
        Assert.InRange(rejection.BodySize!.Value, SquareWebhookSource.MaxBodyBytes + 1, SquareWebhookSource.MaxBodyBytes * 2);
    }

    [Fact]
    public async Task Webhook_accepts_a_body_exactly_at_the_limit()
    {
        var eventId = Guid.NewGuid().ToString();
        var prefix = $$"""{"event_id":"{{eventId}}","type":"webhooks.test_notification","padding":" """;
        var text = prefix + new string('x', SquareWebhookSource.MaxBodyBytes - Encoding.UTF8.GetByteCount(prefix) - 2) + "\"}";
        var body = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SquareWebhookSource.MaxBodyBytes, body.Length);

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await InboxAsync(eventId));
    }

    [Fact]
    public async Task Webhook_commits_neither_the_inbox_row_nor_its_work_request_when_the_request_fails()
    {
        var ids = Ids.New();
        var body = Event("order-updated.webhook.json", ids.EventId, ("eA3vssLHKJrv9H0IdJCM3gNqfdcZY", ids.OrderId));

        // Fails the work request that the inbox insert shares one statement with, for this order only.
        await ExecuteAsync(
            $$"""
            CREATE FUNCTION public.fail_job_{{ids.Suffix}}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF NEW.key = 'square:order:{{ids.OrderId}}' THEN RAISE EXCEPTION 'simulated failure after the inbox insert'; END IF;
                RETURN NEW;
            END $f$;
            CREATE TRIGGER fail_job_{{ids.Suffix}} BEFORE INSERT ON jobs.keyed_work FOR EACH ROW EXECUTE FUNCTION public.fail_job_{{ids.Suffix}}();
            """);
        HttpResponseMessage failed;
        try
        {
            failed = await _host.PostSignedAsync(body);
        }
        finally
        {
            await ExecuteAsync($"DROP TRIGGER fail_job_{ids.Suffix} ON jobs.keyed_work; DROP FUNCTION public.fail_job_{ids.Suffix}();");
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Empty(await InboxAsync(ids.EventId));
        Assert.Empty(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));

        // Square redelivers; with the cause gone the same event is stored and enqueued, not taken for a duplicate.
        var redelivered = await _host.PostSignedAsync(body);
        Assert.Equal("stored", await redelivered.Content.ReadAsStringAsync());
        Assert.Single(await JobsAsync(SquareJobKinds.OrderKey(ids.OrderId)));
    }

    [Fact]
    public async Task Webhook_stores_without_a_job_when_a_payment_event_has_no_order_id()
    {
        var eventId = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes("""{"merchant_id":"M","type":"payment.created","event_id":"ID","data":{"type":"payment","id":"PAY-ID","object":{"payment":{"id":"PAY-ID","status":"APPROVED"}}}}""".Replace("ID", eventId, StringComparison.Ordinal));

        var response = await _host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(await InboxAsync(eventId)).WorkKey);
        Assert.Empty(await JobsAsync("square:order:PAY-" + eventId));
    }

    private static byte[] Event(string fixture, string eventId, params (string From, string To)[] replacements)
    {
        var text = WebhookFixtures.Text(fixture);
        var original = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("event_id").GetString()!;
        text = text.Replace(original, eventId, StringComparison.Ordinal);
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private List<(string Instrument, string Tag)> Measurements()
    {
        lock (_measurements)
        {
            return [.. _measurements];
        }
    }

    private async Task<List<InboxRow>> InboxAsync(string eventId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT account_id, event_type, object_type, object_id, work_key, body->'data'->>'id' FROM intake.webhook_inbox WHERE event_id = @id");
        command.Parameters.AddWithValue("id", eventId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<InboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new InboxRow(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    private async Task<List<JobRow>> JobsAsync(string businessKey)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT key, kind, id FROM jobs.keyed_work WHERE key = @key");
        command.Parameters.AddWithValue("key", businessKey);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JobRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new JobRow(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private async Task<RejectionRow> LatestRejectionAsync()
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT status_code, reason, signature_valid, body_size, body, remote_address FROM intake.webhook_rejection ORDER BY last_at DESC, id DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new RejectionRow(
            reader.GetInt32(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record InboxRow(string? MerchantId, string EventType, string? ObjectType, string? ObjectId, string? WorkKey, string? BodyOrderId);

    /// <summary>A keyed work row: the webhook host runs no job server, so requests stay requested.</summary>
    private sealed record JobRow(string Key, string Kind, string Id);

    private sealed record RejectionRow(int StatusCode, string Reason, bool SignatureValid, long? BodySize, string? Body, string? RemoteAddress);

    private sealed record Ids(string EventId, string OrderId, string Suffix)
    {
        public static Ids New()
        {
            var suffix = Guid.NewGuid().ToString("N");
            return new Ids(Guid.NewGuid().ToString(), "ORDER-" + suffix, suffix);
        }
    }

    /// <summary>A body of <c>length</c> bytes whose length the client cannot know up front (sent chunked).</summary>
    private sealed class UnseekableStream(long length) : Stream
    {
        private long _remaining = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _remaining);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            _remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
