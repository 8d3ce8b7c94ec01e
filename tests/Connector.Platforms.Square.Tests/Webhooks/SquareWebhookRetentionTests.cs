using Connector.Core.Intake;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Platforms.Square.Tests.Webhooks;

public sealed class SquareWebhookRetentionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await SquareWebhookHost.MigrateAsync(database.DataSource);

        // Tests in a class run one after another; each starts from empty tables.
        await using var command = database.DataSource.CreateCommand("TRUNCATE intake.webhook_inbox, intake.webhook_rejection, jobs.keyed_work");
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PruneAsync_deletes_inbox_rows_past_the_retention_and_keeps_younger_ones()
    {
        await InboxAsync("old-no-job", Now.AddDays(-31), null);
        await InboxAsync("old-done", Now.AddDays(-31), "square:order:DONE");
        await InboxAsync("old-done-too", Now.AddDays(-30).AddSeconds(-1), "square:order:DONE");
        await InboxAsync("young-no-job", Now.AddDays(-29), null);
        await InboxAsync("young-done", Now.AddDays(-30).AddSeconds(1), "square:order:DONE");

        var (inbox, rejections) = await Retention(new SquareOptions()).PruneAsync(CancellationToken.None);

        Assert.Equal((3, 0), (inbox, rejections));
        Assert.Equal(["young-done", "young-no-job"], await InboxIdsAsync());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("42", false)]
    [InlineData("42", true)]
    public async Task PruneAsync_keeps_an_old_inbox_row_while_its_work_is_requested_queued_or_running(string? jobId, bool running)
    {
        await WorkAsync("square:order:LIVE", jobId, running);
        await InboxAsync("old-live", Now.AddDays(-90), "square:order:LIVE");
        await InboxAsync("old-done", Now.AddDays(-90), null);
        var retention = Retention(new SquareOptions());

        var first = await retention.PruneAsync(CancellationToken.None);
        var kept = await InboxIdsAsync();
        await EndWorkAsync("square:order:LIVE");
        var second = await retention.PruneAsync(CancellationToken.None);

        Assert.Equal(1, first.Inbox);
        Assert.Equal(["old-live"], kept);
        Assert.Equal(1, second.Inbox);
        Assert.Empty(await InboxIdsAsync());
    }

    [Fact]
    public async Task PruneAsync_deletes_rejections_by_their_own_retention()
    {
        await InboxAsync("ten-days", Now.AddDays(-10), null);
        await RejectionAsync("old", Now.AddDays(-8));
        await RejectionAsync("young", Now.AddDays(-6));
        var options = new SquareOptions { InboxRetention = TimeSpan.FromDays(30), RejectionRetention = TimeSpan.FromDays(7) };

        var (inbox, rejections) = await Retention(options).PruneAsync(CancellationToken.None);

        Assert.Equal((0, 1), (inbox, rejections));
        Assert.Equal(["young"], await RejectionReasonsAsync());
        Assert.Equal(["ten-days"], await InboxIdsAsync());
    }

    [Theory]
    [InlineData(25, 4)]
    [InlineData(12, 4)]
    [InlineData(3, 4)]
    public async Task PruneAsync_repeats_batches_until_no_old_row_is_left(int rows, int batchSize)
    {
        const string live = "square:order:LIVE";
        await WorkAsync(live, "7", running: false);
        for (var i = 0; i < rows; i++)
        {
            await InboxAsync($"old-{i:D2}", Now.AddDays(-40).AddMinutes(i), null);
            await RejectionAsync($"old-{i:D2}", Now.AddDays(-40).AddMinutes(i));

            // Unfinished events among the old ones must not end the loop early or be taken by it.
            if (i % 5 == 0)
            {
                await InboxAsync($"live-{i:D2}", Now.AddDays(-40).AddMinutes(i), live);
            }
        }

        await InboxAsync("young", Now.AddDays(-1), null);
        await RejectionAsync("young", Now.AddDays(-1));
        var options = new SquareOptions { RetentionBatchSize = batchSize };

        var (inbox, rejections) = await Retention(options).PruneAsync(CancellationToken.None);

        Assert.Equal((rows, rows), (inbox, rejections));
        Assert.Equal([.. Enumerable.Range(0, rows).Where(i => i % 5 == 0).Select(i => $"live-{i:D2}"), "young"], await InboxIdsAsync());
        Assert.Equal(["young"], await RejectionReasonsAsync());
    }

    [Fact]
    public void AddSquare_defaults_both_retentions_to_30_days_and_binds_configured_ones()
    {
        var defaults = Options(new Dictionary<string, string?>());
        var configured = Options(new Dictionary<string, string?>
        {
            ["Square:InboxRetention"] = "7.00:00:00",
            ["Square:RejectionRetention"] = "12:00:00",
            ["Square:RetentionBatchSize"] = "250",
        });

        Assert.Equal((TimeSpan.FromDays(30), TimeSpan.FromDays(30), 1000), (defaults.InboxRetention, defaults.RejectionRetention, defaults.RetentionBatchSize));
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromHours(12), 250), (configured.InboxRetention, configured.RejectionRetention, configured.RetentionBatchSize));
    }

    [Fact]
    public void AddSquare_refuses_retention_settings_that_are_not_positive()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?>
        {
            ["Square:InboxRetention"] = "00:00:00",
            ["Square:RejectionRetention"] = "-1.00:00:00",
            ["Square:RetentionBatchSize"] = "0",
        }));

        Assert.Equal(
            [
                "Square:InboxRetention must be positive (e.g. 30.00:00:00 for 30 days), got 00:00:00.",
                "Square:RejectionRetention must be positive (e.g. 30.00:00:00 for 30 days), got -1.00:00:00.",
                "Square:RetentionBatchSize must be at least 1, got 0.",
            ],
            e.Failures);
    }

    private static SquareOptions Options(Dictionary<string, string?> settings)
    {
        settings["Square:WebhookSignatureKey"] = SquareWebhookHost.SignatureKey;
        settings["Square:WebhookNotificationUrl"] = SquareWebhookHost.NotificationUrl;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSquare(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SquareOptions>>().Value;
    }

    private RetentionRun Retention(SquareOptions options) =>
        new(new WebhookRetention(database.DataSource, new FixedClock(Now), NullLogger<WebhookRetention>.Instance), options);

    private async Task WorkAsync(string key, string? jobId, bool running)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO jobs.keyed_work (key, kind, id, job_id, running) VALUES (@key, 'square:order', 'LIVE', @job, @running)");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter<string?>("job", jobId) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue("running", running);
        await command.ExecuteNonQueryAsync();
    }

    private async Task EndWorkAsync(string key)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM jobs.keyed_work WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
    }

    private async Task InboxAsync(string eventId, DateTimeOffset receivedAt, string? workKey)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            INSERT INTO intake.webhook_inbox (platform, event_id, event_type, received_at, body, work_key)
            VALUES ('square', @event_id, 'order.updated', @received_at, '{}', @work_key)
            """);
        command.Parameters.AddWithValue("event_id", eventId);
        command.Parameters.AddWithValue("received_at", receivedAt);
        command.Parameters.Add(new NpgsqlParameter<string?>("work_key", workKey) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync();
    }

    private async Task RejectionAsync(string reason, DateTimeOffset receivedAt)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO intake.webhook_rejection (platform, received_at, last_at, status_code, reason, signature_valid, minute) VALUES ('square', @received_at, @received_at, 401, @reason, false, date_trunc('minute', @received_at))");
        command.Parameters.AddWithValue("received_at", receivedAt);
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync();
    }

    private Task<List<string>> InboxIdsAsync() => StringsAsync("SELECT event_id FROM intake.webhook_inbox ORDER BY event_id");

    private Task<List<string>> RejectionReasonsAsync() => StringsAsync("SELECT reason FROM intake.webhook_rejection ORDER BY reason");

    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Square's retention settings applied through the platform kit's retention, as the recurring job does.</summary>
    private sealed record RetentionRun(WebhookRetention Retention, SquareOptions Options)
    {
        public Task<(int Inbox, int Rejections)> PruneAsync(CancellationToken cancellationToken) =>
            Retention.PruneAsync("square", Options.InboxRetention, Options.RejectionRetention, Options.RetentionBatchSize, cancellationToken);
    }
}
