using System.Net.Http.Headers;
using Connector.Core;
using Connector.Core.Intake;
using Connector.Jobs;
using Connector.Platforms.Square.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Platforms.Square.Tests.Webhooks;

/// <summary>
/// A real Kestrel app on 127.0.0.1 (random port) mounting the Square webhook endpoint as the host does, with the job
/// intake but without the job server, so requested work stays as it was requested.
/// </summary>
internal sealed class SquareWebhookHost : IAsyncDisposable
{
    public const string SignatureKey = "test-signature-key";

    // Deliberately not the address the test connects to: Square signs the registered URL, not what the proxy forwards.
    public const string NotificationUrl = "https://connector.example.com/webhooks/square";

    private readonly WebApplication _app;

    private SquareWebhookHost(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the app; <paramref name="createDataSource"/> replaces the plain data source (e.g. the connector's own).</summary>
    public static async Task<SquareWebhookHost> StartAsync(
        string connectionString, IDictionary<string, string?>? configuration = null, Func<string, NpgsqlDataSource>? createDataSource = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>
        {
            ["Square:WebhookSignatureKey"] = SignatureKey,
            ["Square:WebhookNotificationUrl"] = NotificationUrl,
        });
        builder.Services.AddSingleton(_ => (createDataSource ?? NpgsqlDataSource.Create)(connectionString));

        // The intake only: drop the job server's hosted services so requested work stays as it was requested.
        var before = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        builder.Services.AddConnectorJobs(builder.Configuration, connectionString);
        foreach (var engine in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && !before.Contains(d)).ToList())
        {
            builder.Services.Remove(engine);
        }

        builder.Services.AddSquareWebhooks(builder.Configuration);
        var app = builder.Build();
        app.MapSquareWebhooks();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SquareWebhookHost(app);
    }

    public static async Task MigrateAsync(NpgsqlDataSource dataSource)
    {
        await JobsSchema.MigrateAsync(dataSource);
        await IntakeSchema.MigrateAsync(dataSource);
        await SquareSchema.MigrateAsync(dataSource);
    }

    /// <summary>Posts <paramref name="body"/> signed as Square would for the configured URL and key.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(byte[] body) =>
        PostAsync(body, SquareWebhookVerifier.ComputeSignature(SignatureKey, NotificationUrl, body));

    public Task<HttpResponseMessage> PostAsync(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/square") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(SquareWebhookVerifier.SignatureHeader, signature);
        }

        return Client.SendAsync(request);
    }

    public WebhookMetrics Metrics => _app.Services.GetRequiredService<WebhookMetrics>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
