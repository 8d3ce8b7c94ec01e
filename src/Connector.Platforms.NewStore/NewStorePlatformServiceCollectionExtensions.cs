using Connector.Core.Mappings;
using Connector.Platforms.NewStore;
using Connector.Platforms.NewStore.Jobs;
using Connector.Platforms.NewStore.Mapping;
using Connector.Platforms.NewStore.Sync;
using Connector.Platforms.NewStore.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Everything NewStore but its API client: options, event-stream intake, mapping rules, state and the sync jobs.</summary>
public static class NewStorePlatformServiceCollectionExtensions
{
    /// <summary>
    /// Adds the NewStore platform. Needs the foundation registered (NpgsqlDataSource, Leat client and dispatcher,
    /// mapping files, job engine) and an <see cref="Connector.Platforms.NewStore.Client.INewStoreClient"/> (the client
    /// slice's registration): the jobs use it for orders that never arrived as <c>order.opened</c>. Binds
    /// <see cref="NewStoreOptions"/> from <c>NewStore</c> and validates at start that <c>NewStore:Tenant</c> and
    /// <c>NewStore:EventStreamApiKey</c> are set.
    /// </summary>
    public static IServiceCollection AddNewStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<NewStoreOptions>();
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<NewStoreOptions>)))
        {
            options.Bind(configuration.GetSection(NewStoreOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NewStoreOptions>, NewStoreOptionsValidator>());
        services.AddPlatformIntake();
        services.TryAddSingleton<NewStoreWebhookSource>();

        // newstore.json's rules are read once; a wrong value stops the start-up (see NewStoreStartupCheck) naming the key.
        services.TryAddSingleton(provider => NewStoreMappingRules.From(provider.GetRequiredService<PlatformMappings>()));
        services.AddHostedService<NewStoreStartupCheck>();
        services.TryAddSingleton<NewStoreState>();
        services.TryAddSingleton<NewStoreSync>();
        services.AddKeyedJob<NewStoreOrderSyncJob>(NewStoreJobKinds.SyncOrder, NewStoreJobKinds.Queue);
        services.AddKeyedJob<NewStoreBlindReturnJob>(NewStoreJobKinds.SyncBlindReturn, NewStoreJobKinds.Queue);
        return services;
    }
}
