using Connector.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Platforms.Square.Tests.Webhooks;

public sealed class SquareWebhookOptionsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task AddSquareWebhooks_stops_the_host_when_the_signature_key_and_url_are_missing()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => SquareWebhookHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>()));

        Assert.Contains("Square:WebhookSignatureKey is required to receive Square webhooks (the subscription's signature key from the Square Developer Console).", e.Failures);
        Assert.Contains("Square:WebhookNotificationUrl is required to receive Square webhooks (the notification URL exactly as registered with Square).", e.Failures);
    }

    [Fact]
    public async Task AddSquareWebhooks_stops_the_host_when_the_notification_url_is_not_absolute()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => SquareWebhookHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Square:WebhookSignatureKey"] = "key",
            ["Square:WebhookNotificationUrl"] = "/webhooks/square",
        }));

        Assert.Equal(["Square:WebhookNotificationUrl must be an absolute http(s) URL exactly as registered with Square, not '/webhooks/square'."], e.Failures);
    }

    [Fact]
    public async Task MapSquareWebhooks_names_the_missing_registration_when_the_job_client_is_not_added()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Square:WebhookSignatureKey"] = "key",
            ["Square:WebhookNotificationUrl"] = SquareWebhookHost.NotificationUrl,
        });
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        builder.Services.AddSquareWebhooks(builder.Configuration);
        await using var app = builder.Build();

        var e = Assert.Throws<InvalidOperationException>(() => app.MapSquareWebhooks());

        Assert.Equal("square webhooks request jobs: call services.AddConnectorJobs(…) before mapping them.", e.Message);
    }
}
