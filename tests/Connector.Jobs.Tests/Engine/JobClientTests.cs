namespace Connector.Jobs.Tests.Engine;

public sealed class JobClientTests
{
    [Fact]
    public async Task Concurrent_enqueues_with_one_unique_key_create_one_job()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, start: false);
        var options = new EnqueueOptions { UniqueKey = "leat:order:square:XYZ:1", BusinessKey = "square:order:XYZ" };

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(i), options))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal(1L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job"));
        Assert.Equal("square:order:XYZ", await Db.ScalarAsync<string>(dataSource, "SELECT business_key FROM jobs.job"));

        // Once the holder of the key has finished, the key may be enqueued again.
        await Db.ScalarAsync<int>(dataSource, "UPDATE jobs.job SET state = 'succeeded' RETURNING 1");
        var again = await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(99), options);
        Assert.True(again.Created);
        Assert.NotEqual(results[0].Id, again.Id);
    }

    [Fact]
    public async Task Prepared_enqueue_runs_inside_the_callers_statement_only_when_evaluated()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, start: false);
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TestArgs>)System.Text.Json.JsonSerializerOptions.Default.GetTypeInfo(typeof(TestArgs));
        var options = new EnqueueOptions { UniqueKey = "square:refund:R1", BusinessKey = "square:refund:R1" };

        // The caller's guard decides: a false guard never evaluates the call, so nothing is enqueued.
        async Task<(long? Id, bool? Created)> RunAsync(bool guard)
        {
            var call = producer.Client.PrepareEnqueue(EngineHarness.Kind, new TestArgs(7), typeInfo, options);
            await using var command = dataSource.CreateCommand($"WITH job AS (SELECT {call.Sql} AS e WHERE @guard) SELECT (e).job_id, (e).created FROM job");
            command.Parameters.AddWithValue("guard", guard);
            foreach (var parameter in call.Parameters)
            {
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetBoolean(1)) : (null, null);
        }

        Assert.Equal((null, null), await RunAsync(guard: false));
        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job"));

        var (id, created) = await RunAsync(guard: true);
        Assert.True(created);
        Assert.Equal("enqueued", await Db.StateAsync(dataSource, id!.Value));
        Assert.Equal("{\"n\": 7}", await Db.ScalarAsync<string>(dataSource, "SELECT args::text FROM jobs.job WHERE id = @id", ("id", id.Value)));
        Assert.Equal("Enqueued", await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id", ("id", id.Value)));

        // The unique key holds inside a caller's statement as it does for EnqueueAsync.
        Assert.Equal((id, false), await RunAsync(guard: true));
        Assert.Equal(1L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job"));
    }

    [Fact]
    public async Task Enqueue_in_a_rolled_back_transaction_leaves_no_job_and_a_committed_one_does()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, start: false);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var job = await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1), transaction: transaction);
            Assert.True(job.Created);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_state"));

        long committed;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            committed = (await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(2), transaction: transaction)).Id;
            await transaction.CommitAsync();
        }

        Assert.Equal("enqueued", await Db.StateAsync(dataSource, committed));
    }

    [Fact]
    public async Task Enqueue_in_a_transaction_sends_no_NOTIFY_of_its_own_and_NotifyCommitted_sends_one_after_the_commit()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, start: false);
        await using var listener = await ListenAsync(dataSource);
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1), new EnqueueOptions { Queue = "in-transaction" }, transaction);
            await transaction.CommitAsync();
        }

        producer.Client.NotifyCommitted("after-commit");

        // Notifications arrive in commit order, so a NOTIFY sent by the enqueue's own commit would have come first.
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["after-commit"], payloads);
    }

    [Fact]
    public async Task A_burst_of_enqueues_shares_a_few_NOTIFYs_and_the_last_one_is_sent_after_the_last_commit()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, o => o.NotifyInterval = TimeSpan.FromSeconds(1), start: false);
        await using var listener = await ListenAsync(dataSource);
        var received = new List<(string Payload, long At)>();
        listener.Notification += (_, e) => received.Add((e.Payload, System.Diagnostics.Stopwatch.GetTimestamp()));

        const int Jobs = 40;
        for (var i = 0; i < Jobs; i++)
        {
            await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(i), new EnqueueOptions { Queue = i % 2 == 0 ? "even" : "odd" });
        }

        var lastCommitted = System.Diagnostics.Stopwatch.GetTimestamp();

        // Every queue must hear of its jobs after the last of them committed: a trailing NOTIFY, not only the first.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(received.Any(r => r.Payload == "even" && r.At > lastCommitted) && received.Any(r => r.Payload == "odd" && r.At > lastCommitted)))
        {
            await listener.WaitAsync(timeout.Token);
        }

        Assert.True(received.Count < Jobs, $"{received.Count} NOTIFYs for {Jobs} enqueues");
    }

    private static async Task<Npgsql.NpgsqlConnection> ListenAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        var listener = await dataSource.OpenConnectionAsync();
        await using var listen = new Npgsql.NpgsqlCommand("LISTEN jobs_enqueued", listener);
        await listen.ExecuteNonQueryAsync();
        return listener;
    }

    [Fact]
    public async Task Delayed_enqueue_is_scheduled_with_its_run_time()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var producer = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, time: clock, start: false);

        var job = await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1), new EnqueueOptions { Delay = TimeSpan.FromMinutes(5), Queue = "polls", Priority = 3 });

        var row = (await Db.RowsAsync(dataSource, "SELECT state, run_at, queue, priority, max_attempts FROM jobs.job WHERE id = @id", ("id", job.Id))).Single();
        Assert.Equal(["scheduled", new DateTime(2026, 3, 1, 12, 5, 0, DateTimeKind.Utc), "polls", (short)3, 10], row);
    }
}
