using Connector.Platforms.Square;
using Connector.Platforms.Square.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Square webhook reception (mounted with <c>app.MapSquareWebhooks()</c>).</summary>
public static class SquareWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds Square's webhook source on the platform kit's receiver. Binds <see cref="SquareOptions"/> from the
    /// <c>Square</c> section of <paramref name="configuration"/> unless something has configured them already, and
    /// validates at start that <c>Square:WebhookSignatureKey</c> and <c>Square:WebhookNotificationUrl</c> are set. The
    /// host also registers the <c>NpgsqlDataSource</c> and the job intake (<c>AddConnectorJobs</c>).
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
        services.AddPlatformIntake();
        services.TryAddSingleton<SquareWebhookSource>();
        return services;
    }
}
