using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

/// <summary>A generic host running the job server on a test database with the probe job registered as <c>test:probe</c>.</summary>
internal sealed class JobsHost : IAsyncDisposable
{
    public const string ProbeKind = "test:probe";
    public const string Queue = "test";

    private JobsHost(IHost host, NpgsqlDataSource dataSource)
    {
        Host = host;
        DataSource = dataSource;
    }

    public IHost Host { get; }

    public NpgsqlDataSource DataSource { get; }

    public ProbeScript Script => Host.Services.GetRequiredService<ProbeScript>();

    public JobIntake Intake => Host.Services.GetRequiredService<JobIntake>();

    public JobSearch Search => Host.Services.GetRequiredService<JobSearch>();

    public static async Task<JobsHost> StartAsync(string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? jobs = null, bool start = true, ProbeScript? script = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:WorkerCount"] = "2",
            ["Jobs:SchedulePollInterval"] = "00:00:01",
            ["Jobs:RetryBaseDelay"] = "00:00:00.100",
            ["Jobs:RetryMaxDelay"] = "00:00:00.200",
            ["Jobs:ShutdownTimeout"] = "00:00:02",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        builder.Services.AddSingleton(dataSource);
        // Hosts of one test that share a script count their runs together (two instances on one database).
        if (script is null)
        {
            builder.Services.AddSingleton<ProbeScript>();
        }
        else
        {
            builder.Services.AddSingleton(script);
        }
        builder.Services.AddConnectorJobs(builder.Configuration, connectionString);
        if (jobs is null)
        {
            builder.Services.AddKeyedJob<ProbeJob>(ProbeKind, Queue);
        }
        else
        {
            jobs(builder.Services);
        }

        await JobsSchema.MigrateAsync(dataSource);
        var host = builder.Build();
        if (start)
        {
            await host.StartAsync();
        }

        return new JobsHost(host, dataSource);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Script.Gate.TrySetResult();
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
            await DataSource.DisposeAsync();
        }
    }
}
