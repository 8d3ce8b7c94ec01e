using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Platforms.CommerceLayer;
using Connector.Platforms.CommerceLayer.Jobs;
using Connector.Platforms.CommerceLayer.Mapping;
using Connector.Platforms.CommerceLayer.Sync;
using Connector.Platforms.CommerceLayer.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Everything Commerce Layer: client, webhooks, the order sync jobs, the recurring poll and backfills.</summary>
public static class CommerceLayerPlatformServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Commerce Layer platform. Needs the foundation registered (NpgsqlDataSource, Leat client and dispatcher,
    /// mapping files, job engine). The poll runs every <c>CommerceLayer:PollInterval</c>, which must divide a minute
    /// (in seconds) or an hour (in minutes).
    /// </summary>
    public static IServiceCollection AddCommerceLayer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceLayerClient(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommerceLayerOptions>, CommerceLayerOptionsValidator>());
        services.AddPlatformIntake();
        services.TryAddSingleton<CommerceLayerWebhookSource>();
        // commercelayer.json's rules are read once; a wrong value stops the start-up naming the key.
        services.AddSingleton(provider => CommerceLayerMappingRules.From(provider.GetRequiredService<PlatformMappings>()));
        services.AddHostedService<CommerceLayerStartupCheck>();
        services.AddSingleton<CommerceLayerSync>();
        services.AddSingleton<CommerceLayerScanner>();
        services.AddKeyedJob<CommerceLayerOrderSyncJob>(CommerceLayerJobKinds.SyncOrder, CommerceLayerJobKinds.Queue);
        services.AddKeyedJob<CommerceLayerReturnSyncJob>(CommerceLayerJobKinds.SyncReturn, CommerceLayerJobKinds.Queue);
        services.AddKeyedJob<CommerceLayerRefundSyncJob>(CommerceLayerJobKinds.SyncRefund, CommerceLayerJobKinds.Queue);
        services.AddJob<CommerceLayerBackfillJob>(CommerceLayerJobKinds.Backfill, CommerceLayerJobKinds.Queue);
        var interval = configuration.GetSection(CommerceLayerOptions.SectionName).Get<CommerceLayerOptions>()?.PollInterval ?? new CommerceLayerOptions().PollInterval;
        services.AddRecurringJob<CommerceLayerPollJob>(CommerceLayerJobKinds.Poll, PollSchedule.CronFor(interval, "CommerceLayer:PollInterval"), CommerceLayerJobKinds.Queue);
        return services;
    }
}
