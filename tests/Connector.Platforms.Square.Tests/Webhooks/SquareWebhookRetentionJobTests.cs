using Connector.Platforms.Square.Jobs;
using Hangfire;
using Connector.Platforms.Square.Sync;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Platforms.Square.Tests.Webhooks;

public sealed class SquareWebhookRetentionJobTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task AddSquare_registers_a_recurring_retention_job_that_the_server_runs()
    {
        await SquareWebhookHost.MigrateAsync(database.DataSource);
        await using (var seed = database.DataSource.CreateCommand(
            """
            INSERT INTO intake.webhook_inbox (platform, event_id, event_type, received_at, body) VALUES
                ('square', 'old', 'order.updated', now() - interval '40 days', '{}'),
                ('square', 'young', 'order.updated', now() - interval '1 day', '{}');
            INSERT INTO intake.webhook_rejection (platform, received_at, last_at, status_code, reason, signature_valid, minute) VALUES
                ('square', now() - interval '40 days', now() - interval '40 days', 401, 'old', false, date_trunc('minute', now() - interval '40 days'));
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        using var host = Build();
        await host.StartAsync();
        try
        {
            var jobId = host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(SquareJobKinds.WebhookRetention);
            Assert.NotNull(jobId);

            // The server runs the job on its own loop; wait for its recorded outcome rather than a fixed time.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await ScalarAsync<string?>($"SELECT statename FROM hangfire.job WHERE id = {jobId}") is not ("Succeeded" or "Failed"))
            {
                await Task.Delay(50, timeout.Token);
            }

            Assert.Equal("Succeeded", await ScalarAsync<string?>($"SELECT statename FROM hangfire.job WHERE id = {jobId}"));
            Assert.Equal("young", await ScalarAsync<string?>("SELECT string_agg(event_id, ',') FROM intake.webhook_inbox"));
            Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM intake.webhook_rejection"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Square:WebhookSignatureKey"] = SquareWebhookHost.SignatureKey,
            ["Square:WebhookNotificationUrl"] = SquareWebhookHost.NotificationUrl,
        });
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        builder.Services.AddConnectorJobs(builder.Configuration, database.ConnectionString);
        builder.Services.AddSquare(builder.Configuration);

        // The mapping files check belongs to the full host; this test needs only the engine and the Square registrations.
        foreach (var check in builder.Services.Where(d => d.ImplementationType == typeof(SquareStartupCheck)).ToList())
        {
            builder.Services.Remove(check);
        }

        return builder.Build();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }
}
