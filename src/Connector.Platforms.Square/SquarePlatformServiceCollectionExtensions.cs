using Connector.Platforms.Square;
using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Platforms.Square.Mapping;
using Connector.Platforms.Square.Jobs;
using Connector.Platforms.Square.Polling;
using Connector.Platforms.Square.Sync;
using Connector.Platforms.Square.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Everything Square: client, webhooks, sync jobs, the recurring poll and backfills.</summary>
public static class SquarePlatformServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Square platform. Needs the foundation registered (NpgsqlDataSource, Leat client and dispatcher,
    /// mapping files, job engine). The poll runs every <c>Square:PollInterval</c>, which must divide a minute
    /// (in seconds) or an hour (in minutes) so it maps onto a cron schedule. Every hour a retention job deletes webhook
    /// inbox rows older than <c>Square:InboxRetention</c> (unless their job is unfinished) and refused deliveries older
    /// than <c>Square:RejectionRetention</c>.
    /// </summary>
    public static IServiceCollection AddSquare(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSquareClient(configuration);
        services.AddSquareWebhooks(configuration);
        // square.json's rules are read once; a wrong value stops the start-up (see SquareStartupCheck) naming the key.
        services.AddSingleton(provider => SquareMappingRules.From(provider.GetRequiredService<PlatformMappings>()));
        services.AddHostedService<SquareStartupCheck>();
        services.AddSingleton<SquareSync>();
        services.AddSingleton<SquareScanner>();
        services.AddKeyedJob<SquareOrderSyncJob>(SquareJobKinds.SyncOrder, SquareJobKinds.Queue);
        services.AddKeyedJob<SquareRefundSyncJob>(SquareJobKinds.SyncRefund, SquareJobKinds.Queue);
        services.AddJob<SquareBackfillJob>(SquareJobKinds.Backfill, SquareJobKinds.Queue);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SquareOptions>, SquareWebhookRetentionOptionsValidator>());
        services.AddRecurringJob<SquareWebhookRetentionJob>(SquareJobKinds.WebhookRetention, SquareWebhookRetentionJob.Cron, SquareJobKinds.Queue);

        var interval = configuration.GetSection(SquareOptions.SectionName).Get<SquareOptions>()?.PollInterval ?? new SquareOptions().PollInterval;
        services.AddRecurringJob<SquarePollJob>(SquareJobKinds.Poll, PollSchedule.CronFor(interval, "Square:PollInterval"), SquareJobKinds.Queue);
        return services;
    }
}
