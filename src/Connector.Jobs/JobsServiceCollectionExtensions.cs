using System.Diagnostics.Metrics;
using System.Text.Json.Serialization.Metadata;
using Connector.Jobs;
using Connector.Jobs.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the job engine, its client, handlers and recurring jobs.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the job engine (a hosted service), <see cref="JobClient"/> and <see cref="JobsOptions"/> bound from the
    /// section <c>Jobs</c> when an <see cref="IConfiguration"/> is registered. The host must register the
    /// <see cref="NpgsqlDataSource"/>; a <see cref="TimeProvider"/> defaults to the system clock.
    /// </summary>
    public static IServiceCollection AddConnectorJobs(this IServiceCollection services, Action<JobsOptions>? configure = null)
    {
        var options = services.AddOptions<JobsOptions>()
            .Configure<IServiceProvider>((o, provider) => Bind(o, provider.GetService<IConfiguration>()));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(JobEngine)))
        {
            return services;
        }

        options.Validate(o => o.WorkerCount > 0, "Jobs:WorkerCount must be at least 1.")
            .Validate(o => o.Queues is { Length: > 0 } && o.Queues.All(q => !string.IsNullOrWhiteSpace(q)), "Jobs:Queues must name at least one queue.")
            .Validate(o => o.LeaseDuration > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero && o.HeartbeatInterval < o.LeaseDuration, "Jobs:HeartbeatInterval must be positive and shorter than Jobs:LeaseDuration.")
            .Validate(o => o.FallbackPollInterval > TimeSpan.Zero, "Jobs:FallbackPollInterval must be positive.")
            .Validate(o => o.NotifyInterval >= TimeSpan.Zero, "Jobs:NotifyInterval must not be negative.")
            .Validate(o => o.FetchCooldown >= TimeSpan.Zero, "Jobs:FetchCooldown must not be negative.")
            .Validate(o => o.BatchSize > 0, "Jobs:BatchSize must be at least 1.")
            .Validate(o => o.DefaultMaxAttempts > 0, "Jobs:DefaultMaxAttempts must be at least 1.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Jobs:RetryMaxDelay must be at least Jobs:RetryBaseDelay.")
            .Validate(o => o.RecurringPollInterval > TimeSpan.Zero && o.ServerHeartbeatInterval > TimeSpan.Zero && o.RetentionInterval > TimeSpan.Zero, "Jobs intervals must be positive.")
            .ValidateOnStart();

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton(provider => new JobsMetrics(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<JobsMetrics>>(),
            provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(provider => new JobNotifier(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<JobSignal>(),
            provider.GetRequiredService<IOptions<JobsOptions>>().Value.NotifyInterval,
            provider.GetRequiredService<ILogger<JobNotifier>>()));
        services.TryAddSingleton(provider => new JobClient(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<JobNotifier>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<JobsOptions>>()));
        services.AddSingleton(provider => new JobEngine(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider,
            provider.GetRequiredService<IOptions<JobsOptions>>(),
            provider.GetRequiredService<JobSignal>(),
            provider.GetRequiredService<JobsMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<JobEngine>>(),
            provider.GetRequiredService<JobClient>(),
            provider.GetServices<JobHandlerRegistration>(),
            provider.GetServices<RecurringJobRegistration>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<JobEngine>());
        return services;
    }

    /// <summary>Runs jobs of <paramref name="kind"/> with <typeparamref name="THandler"/> (resolved per job in its own scope).</summary>
    public static IServiceCollection AddJobHandler<THandler, TArgs>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler<TArgs> =>
        services.AddJobHandlerCore<THandler, TArgs>(kind, null);

    /// <summary>Runs jobs of <paramref name="kind"/> with <typeparamref name="THandler"/>, reading arguments with source-generated metadata.</summary>
    public static IServiceCollection AddJobHandler<THandler, TArgs>(this IServiceCollection services, string kind, JsonTypeInfo<TArgs> typeInfo)
        where THandler : class, IJobHandler<TArgs> =>
        services.AddJobHandlerCore<THandler, TArgs>(kind, typeInfo);

    /// <summary>Declares a recurring job; it is created or updated when the engine starts.</summary>
    public static IServiceCollection AddRecurringJob(this IServiceCollection services, string id, string kind, string cron, object? args = null, string queue = "default")
    {
        // Fail at registration, not at the first firing, when the cron is wrong.
        _ = CronSchedule.Parse(cron);
        services.AddSingleton(new RecurringJobRegistration(new RecurringJobDefinition(id, kind, cron) { Args = args, Queue = queue }));
        return services;
    }

    private static void Bind(JobsOptions options, IConfiguration? configuration)
    {
        if (configuration is null)
        {
            return;
        }

        var section = configuration.GetSection(JobsOptions.SectionName);
        section.Bind(options);

        // The binder appends configured array items to the default ["default"]; configured queues replace it instead.
        if (section.GetSection(nameof(JobsOptions.Queues)).Get<string[]>() is { Length: > 0 } queues)
        {
            options.Queues = queues;
        }
    }

    private static IServiceCollection AddJobHandlerCore<THandler, TArgs>(this IServiceCollection services, string kind, JsonTypeInfo<TArgs>? typeInfo)
        where THandler : class, IJobHandler<TArgs>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        services.TryAddScoped<THandler>();
        services.AddSingleton(JobHandlerRegistration.Create<THandler, TArgs>(kind, typeInfo));
        return services;
    }
}
