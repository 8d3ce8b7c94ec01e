using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

/// <summary>One engine instance (its own DI container) over a shared database, as a separate process would have.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string Kind = "test";

    private EngineHarness(ServiceProvider provider)
    {
        Provider = provider;
        Engine = provider.GetRequiredService<JobEngine>();
        Client = provider.GetRequiredService<JobClient>();
    }

    public ServiceProvider Provider { get; }

    public JobEngine Engine { get; }

    public JobClient Client { get; }

    public static async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync("jobs"));
        await JobsSchema.MigrateAsync(dataSource, CancellationToken.None);
        return dataSource;
    }

    public static async Task<EngineHarness> StartAsync(
        NpgsqlDataSource dataSource,
        Func<TestArgs, JobContext, CancellationToken, Task> behaviour,
        Action<JobsOptions>? configure = null,
        TimeProvider? time = null,
        bool start = true,
        ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddLogging(builder => builder.AddProvider(logs));
        }

        services.AddSingleton(dataSource);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton(new TestBehaviour(behaviour));
        services.AddConnectorJobs(o =>
        {
            o.FallbackPollInterval = TimeSpan.FromMilliseconds(200);
            o.RecurringPollInterval = TimeSpan.FromMilliseconds(100);
            o.MigrateSchemaOnStart = false;
            configure?.Invoke(o);
        });
        services.AddJobHandler<TestHandler, TestArgs>(Kind);
        var harness = new EngineHarness(services.BuildServiceProvider());
        if (start)
        {
            await harness.Engine.StartAsync(CancellationToken.None);
        }

        return harness;
    }

    /// <summary>Completes after <paramref name="count"/> dequeue statements that started after this call (it wakes the fetcher each time).</summary>
    public Task FetchesAsync(int count = 2)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        void OnFetched()
        {
            if (Interlocked.Increment(ref seen) >= count)
            {
                Engine.Fetched -= OnFetched;
                done.TrySetResult();
            }
            else
            {
                Engine.Wake();
            }
        }

        Engine.Fetched += OnFetched;
        Engine.Wake();
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Completes after <paramref name="count"/> passes over the recurring schedules that started after this call.</summary>
    public Task RecurringChecksAsync(int count = 2)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        void OnChecked()
        {
            if (Interlocked.Increment(ref seen) >= count)
            {
                Engine.RecurringChecked -= OnChecked;
                done.TrySetResult();
            }
        }

        Engine.RecurringChecked += OnChecked;
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        await Provider.DisposeAsync();
    }
}
