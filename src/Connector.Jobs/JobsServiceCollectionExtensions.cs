using Connector.Jobs;
using Connector.Jobs.Engine;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the job server (Hangfire on PostgreSQL) with the connector's extensions, and its jobs.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>The PostgreSQL schema of Hangfire's tables.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Adds Hangfire with its storage in <paramref name="connectionString"/>'s database (schema <c>hangfire</c>, installed
    /// by <see cref="JobsSchema.MigrateAsync"/>, never by Hangfire at start), a server working every registered queue,
    /// the connector's retry rule, keyed work (<see cref="JobIntake"/>), wake-ups across instances and non-overlapping
    /// recurring jobs. <see cref="JobsOptions"/> are bound from <c>Jobs</c> and validated at start. The host registers
    /// the <see cref="NpgsqlDataSource"/> the connector's own tables use. Storage, filters and activator are per host;
    /// Hangfire's type names and log provider are process-wide (the log provider survives a disposed host).
    /// </summary>
    public static IServiceCollection AddConnectorJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (services.Any(d => d.ServiceType == typeof(JobIntake)))
        {
            return services;
        }

        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.SectionName))
            .Validate(o => o.WorkerCount > 0, "Jobs:WorkerCount must be at least 1.")
            .Validate(o => o.Queues.All(q => !string.IsNullOrWhiteSpace(q)), "Jobs:Queues must not hold an empty name.")
            .Validate(o => o.QueuePollInterval >= TimeSpan.FromMilliseconds(50), "Jobs:QueuePollInterval must be at least 50 ms.")
            .Validate(o => o.SchedulePollInterval >= TimeSpan.FromSeconds(1), "Jobs:SchedulePollInterval must be at least 1 s.")
            .Validate(o => o.InvisibilityTimeout >= TimeSpan.FromSeconds(30), "Jobs:InvisibilityTimeout must be at least 30 s.")
            .Validate(o => o.MaxAttempts > 0, "Jobs:MaxAttempts must be at least 1.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Jobs:RetryMaxDelay must be at least Jobs:RetryBaseDelay, which must be positive.")
            .Validate(o => o.SucceededRetention > TimeSpan.Zero && o.ShutdownTimeout >= TimeSpan.Zero, "Jobs:SucceededRetention must be positive and Jobs:ShutdownTimeout not negative.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.SweepGrace >= TimeSpan.Zero, "Jobs:SweepInterval must be positive and Jobs:SweepGrace not negative.")
            .Validate(o => o.SweepQuietAge > TimeSpan.Zero, "Jobs:SweepQuietAge must be positive.")
            .ValidateOnStart();

        services.AddSingleton(provider => provider.GetRequiredService<IOptions<JobsOptions>>().Value);
        services.AddSingleton(provider => new JobRegistry(provider.GetServices<JobRegistration>()));
        services.AddSingleton(provider => new KeyedWorkStore(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(provider => new JobIntake(provider.GetRequiredService<KeyedWorkStore>()));
        services.AddSingleton(provider => new JobSearch(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<JobStorage>()));
        services.AddSingleton(provider => new PostgreSqlStorageHolder(connectionString, provider.GetRequiredService<JobsOptions>(), provider.GetRequiredService<JobRegistry>()));
        services.AddSingleton<JobStorage>(provider => provider.GetRequiredService<PostgreSqlStorageHolder>().Storage);
        services.AddSingleton(provider => provider.GetRequiredService<PostgreSqlStorageHolder>().Provider);
        services.AddSingleton<ConnectorRetryFilter>();
        services.AddSingleton<KeyedWorkFilter>();
        services.AddSingleton<NonOverlappingRecurringFilter>();
        services.AddSingleton<IJobFilterProvider>(provider => Filters(provider));
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));

        services.AddHangfire((provider, config) => config
            .UseLogProvider(new DisposalSafeLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseRecommendedSerializerSettings()
            .UseTypeSerializer(JobRegistry.SerializeType)
            .UseTypeResolver(JobRegistry.ResolveType));

        // Hosted services start in registration order: the listener and the schedules before the server.
        services.AddHostedService<JobQueueListener>();
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddHangfireServer((provider, server) =>
        {
            var options = provider.GetRequiredService<JobsOptions>();
            var registry = provider.GetRequiredService<JobRegistry>();
            server.WorkerCount = options.WorkerCount;
            server.Queues = ServerQueues(options, registry);
            server.SchedulePollingInterval = options.SchedulePollInterval;
            server.ShutdownTimeout = options.ShutdownTimeout;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
        });
        services.AddHostedService<JobHandOffService>();

        // The key table behind search would grow by a row per job forever; its retention runs like any recurring job.
        services.AddRecurringJob<JobKeyRetentionJob>(JobKeyRetentionJob.Id, JobKeyRetentionJob.Cron, EnqueuedState.DefaultQueue);
        return services;
    }

    /// <summary>
    /// Registers keyed job <typeparamref name="TJob"/> as <paramref name="kind"/> (also its stable stored name) on
    /// <paramref name="queue"/>; requests for it go through <see cref="JobIntake"/> with <c>new KeyedWork(kind, id)</c>.
    /// </summary>
    public static IServiceCollection AddKeyedJob<TJob>(this IServiceCollection services, string kind, string queue)
        where TJob : class, IKeyedJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        JobRegistry.RegisterName(kind, typeof(TJob));
        services.TryAddTransient<TJob>();
        services.AddSingleton<JobRegistration>(new KeyedJobRegistration(kind, typeof(TJob), queue));
        return services;
    }

    /// <summary>Registers recurring job <typeparamref name="TJob"/> under <paramref name="id"/> (also its stored name), fired by <paramref name="cron"/> (UTC, seconds allowed).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron, string queue)
        where TJob : class, IRecurringJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        JobRegistry.RegisterName(id, typeof(TJob));
        services.TryAddTransient<TJob>();
        services.AddSingleton<JobRegistration>(new RecurringJobRegistration(id, typeof(TJob), queue, cron));
        return services;
    }

    /// <summary>Registers job type <typeparamref name="TJob"/> (run by explicit enqueues, e.g. a backfill) under a stable stored name.</summary>
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, string name, string queue)
        where TJob : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        JobRegistry.RegisterName(name, typeof(TJob));
        services.TryAddTransient<TJob>();
        services.AddSingleton(new JobRegistration(name, typeof(TJob), queue));
        return services;
    }

    /// <summary>The queues this instance works: <c>Jobs:Queues</c>, or every registered job's queue and <c>default</c>.</summary>
    internal static string[] ServerQueues(JobsOptions options, JobRegistry registry) =>
        options.Queues.Length > 0 ? options.Queues : [.. registry.Queues.Append(EnqueuedState.DefaultQueue).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Hangfire's standard filters, without its retry attribute, and the connector's.</summary>
    private static JobFilterProviderCollection Filters(IServiceProvider provider)
    {
        var filters = new JobFilterCollection();
        foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is not AutomaticRetryAttribute))
        {
            filters.Add(filter.Instance, filter.Order);
        }

        filters.Add(provider.GetRequiredService<ConnectorRetryFilter>());
        filters.Add(provider.GetRequiredService<KeyedWorkFilter>());
        filters.Add(provider.GetRequiredService<NonOverlappingRecurringFilter>());
        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }

    /// <summary>The storage and its queue provider, built once per host.</summary>
    private sealed class PostgreSqlStorageHolder
    {
        public PostgreSqlStorageHolder(string connectionString, JobsOptions options, JobRegistry registry)
        {
            var storageOptions = new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema,
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = options.QueuePollInterval,
                InvisibilityTimeout = options.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
                EnableLongPolling = false,
            };
            var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "hangfire" };

            // Hangfire.PostgreSql opens a pooled connection per storage call, about eight per job; resetting each on
            // reuse was 80 000 DISCARD ALLs in a benchmark of 10 000 jobs. It leaves no session state: its locks are
            // rows, long polling (LISTEN) is off, and an open transaction is rolled back on return regardless.
            if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
            {
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            }

            var dataSource = builder.Build();
            Storage = new PostgreSqlStorage(new DataSourceConnectionFactory(dataSource), storageOptions)
            {
                JobExpirationTimeout = options.SucceededRetention,
            };
            Provider = new WakingJobQueueProvider(Storage);
            Storage.QueueProviders.Add(Provider, ServerQueues(options, registry).Concat(registry.Queues).Append(EnqueuedState.DefaultQueue).Distinct(StringComparer.Ordinal));
        }

        public PostgreSqlStorage Storage { get; }

        public WakingJobQueueProvider Provider { get; }
    }
}
