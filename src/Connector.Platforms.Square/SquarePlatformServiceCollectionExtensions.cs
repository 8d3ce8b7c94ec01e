using Connector.Platforms.Square;
using Connector.Core.Mappings;
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
        services.AddRecurringJob<SquarePollJob>(SquareJobKinds.Poll, CronFor(interval), SquareJobKinds.Queue);
        return services;
    }

    /// <summary>The cron schedule that fires every <paramref name="interval"/>.</summary>
    /// <exception cref="ArgumentException">The interval does not divide a minute or an hour evenly.</exception>
    public static string CronFor(TimeSpan interval)
    {
        var seconds = (int)interval.TotalSeconds;
        return seconds switch
        {
            _ when interval.Ticks % TimeSpan.TicksPerSecond != 0 || seconds <= 0 => Invalid(interval),
            < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
            _ when seconds % 60 == 0 && seconds / 60 < 60 && 60 % (seconds / 60) == 0 => $"0 */{seconds / 60} * * * *",
            3600 => "0 0 * * * *",
            _ => Invalid(interval),
        };
    }

    private static string Invalid(TimeSpan interval) =>
        throw new ArgumentException($"Square:PollInterval {interval} must divide a minute (e.g. 00:00:15) or an hour (e.g. 00:05:00) evenly, or be 01:00:00.");
}
