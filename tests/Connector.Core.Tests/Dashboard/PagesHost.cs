using Connector.Jobs;
using Connector.Leat;
using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Core.Tests.Dashboard;

/// <summary>
/// A fresh database with the jobs, Leat and Square schemas, and a real Kestrel host on 127.0.0.1 serving the jobs
/// dashboard at /hangfire with the connector's pages, registered as the connector host registers them.
/// </summary>
internal sealed class PagesHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PagesHost(WebApplication app, NpgsqlDataSource dataSource)
    {
        _app = app;
        DataSource = dataSource;
        BaseUrl = app.Urls.First().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<PagesHost> StartAsync(IDictionary<string, string?>? configuration = null)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("pages");
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await JobsSchema.MigrateAsync(dataSource);
        await LeatSchema.MigrateAsync(dataSource);
        await IntakeSchema.MigrateAsync(dataSource);

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddConnectorJobs(builder.Configuration, connectionString);
        builder.Services.AddKeyedJob<NoopSyncJob>("square:order", "square");
        builder.Services.AddKeyedJob<NoopRefundJob>("square:refund", "square");
        builder.Services.AddJobsDashboard();
        builder.Services.AddConnectorDashboardPages();
        var app = builder.Build();
        app.MapConnectorDashboardPages();
        app.MapJobsDashboard("/hangfire");
        await app.StartAsync();
        return new PagesHost(app, dataSource);
    }

    /// <summary>
    /// Creates a <c>square:order</c> job for <paramref name="orderId"/> directly in the Failed state, keyed as keyed work keys it.
    /// A permanent failure, as a 422 from Leat is, through the host's client so the connector's retry rule applies (Hangfire's
    /// global default would schedule a retry).
    /// </summary>
    public async Task<string> CreateFailedOrderJobAsync(string orderId, string message)
    {
        var job = _app.Services.GetRequiredService<JobRegistry>().Keyed("square:order").JobFor(orderId);
        var id = _app.Services.GetRequiredService<IBackgroundJobClient>().Create(job, new FailedState(new PermanentJobFailureException(message)));
        await ExecuteAsync("INSERT INTO jobs.job_key (key, job_id) VALUES (@key, @job) ON CONFLICT DO NOTHING", ("key", $"square:order:{orderId}"), ("job", id));
        return id;
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
