using Connector.Platforms.Square;
using Connector.Platforms.Square.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Square webhook reception (mounted with <c>app.MapSquareWebhooks()</c>).</summary>
public static class SquareWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds the webhook receiver. Binds <see cref="SquareOptions"/> from the <c>Square</c> section of
    /// <paramref name="configuration"/> unless something has configured them already, and validates at start that
    /// <c>Square:WebhookSignatureKey</c> and <c>Square:WebhookNotificationUrl</c> are set. The host also registers the
    /// <see cref="NpgsqlDataSource"/> and the job client (<c>AddConnectorJobs</c>) the receiver enqueues with; this does
    /// not add the job engine itself, so a process can receive webhooks without running jobs.
    /// </summary>
    public static IServiceCollection AddSquareWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<SquareOptions>();
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<SquareOptions>)))
        {
            var section = configuration is IConfigurationSection { Key: SquareOptions.SectionName }
                ? configuration
                : configuration.GetSection(SquareOptions.SectionName);
            options.Bind(section);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SquareOptions>, SquareWebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new SquareWebhookMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<SquareWebhookInbox>();
        services.TryAddSingleton(provider => new SquareWebhookReceiver(
            provider.GetRequiredService<SquareWebhookInbox>(),
            provider.GetRequiredService<SquareWebhookMetrics>(),
            provider.GetRequiredService<IOptions<SquareOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SquareWebhookReceiver>>(),
            provider.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }
}
