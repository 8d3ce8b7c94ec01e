using System.Net.Http.Headers;
using System.Text;
using Connector.Core;
using Connector.Core.Database;
using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Leat;
using Connector.Platforms.NewStore.Client;
using Connector.Sandbox.Leat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Platforms.NewStore.Tests.Sync;

/// <summary>
/// A real Kestrel app on 127.0.0.1 (random port) wired as the host wires a platform: the connector's data source,
/// mapping files (a newstore.json of its own), the Leat client and dispatcher pointed at a Leat fake, the job engine
/// and <c>AddNewStore</c>, with <see cref="PublishingNewStoreClient"/> as NewStore's API. Without <c>jobs</c> the job
/// server's hosted services are dropped, so requested work stays as it was requested.
/// </summary>
internal sealed class NewStoreTestHost : IAsyncDisposable
{
    public const string Tenant = "leat-connector-test";
    public const string ApiKey = "test-event-stream-key";
    public const string Location = "WS";

    private readonly WebApplication _app;
    private readonly string _mappings;

    private NewStoreTestHost(WebApplication app, string mappings)
    {
        _app = app;
        _mappings = mappings;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static string Shop => LeatFakeOptions.DefaultShops[0].Uuid;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource)
    {
        await JobsSchema.MigrateAsync(dataSource);
        await IntakeSchema.MigrateAsync(dataSource);
        await LeatSchema.MigrateAsync(dataSource);
        await NewStoreSchema.MigrateAsync(dataSource);
    }

    public static async Task<NewStoreTestHost> StartAsync(string connectionString, bool jobs, LeatFake? leat = null, INewStoreClient? newStore = null, string? rules = null)
    {
        var mappings = Directory.CreateTempSubdirectory("newstore-mappings-").FullName;
        await File.WriteAllTextAsync(Path.Combine(mappings, "newstore.json"),
            $$"""{ "locations": { "{{Location}}": "{{Shop}}" }{{(rules is null ? "" : ", " + rules)}} }""");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NewStore:Tenant"] = Tenant,
            ["NewStore:EventStreamApiKey"] = ApiKey,
            ["Mappings:Directory"] = mappings,
            ["Leat:BaseUrl"] = leat?.BaseAddress.ToString() ?? "http://127.0.0.1:9/",
            ["Leat:ApiToken"] = leat?.ApiToken ?? "unused",
            ["Leat:RequestsPerSecond"] = "100",
            ["Jobs:RetryBaseDelay"] = "00:00:00.200",
            ["Jobs:RetryMaxDelay"] = "00:00:01",
            ["Jobs:SchedulePollInterval"] = "00:00:01",
            ["Leat:Dispatch:InProgressRetryDelay"] = "00:00:00.300",
        });
        builder.Services.AddSingleton(_ => ConnectorDataSource.Create(connectionString));
        builder.Services.AddOptions<MappingsOptions>().Bind(builder.Configuration.GetSection(MappingsOptions.SectionName));
        builder.Services.AddSingleton<PlatformMappings>();
        builder.Services.AddLeatClient(builder.Configuration);
        builder.Services.AddLeatDispatch(builder.Configuration);

        var before = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        builder.Services.AddConnectorJobs(builder.Configuration, connectionString);
        if (!jobs)
        {
            foreach (var engine in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && !before.Contains(d)).ToList())
            {
                builder.Services.Remove(engine);
            }
        }

        builder.Services.AddSingleton(newStore ?? new PublishingNewStoreClient());
        builder.Services.AddNewStore(builder.Configuration);
        var app = builder.Build();
        app.MapNewStoreWebhooks();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new NewStoreTestHost(app, mappings);
    }

    /// <summary>Posts <paramref name="body"/> as NewStore's event stream does, with <c>Authorization: Bearer &lt;key&gt;</c> (none when null).</summary>
    public Task<HttpResponseMessage> PostAsync(string body, string? apiKey = ApiKey) => PostAsync(Encoding.UTF8.GetBytes(body), apiKey);

    public Task<HttpResponseMessage> PostAsync(byte[] body, string? apiKey = ApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/newstore") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_mappings, recursive: true);
    }
}
