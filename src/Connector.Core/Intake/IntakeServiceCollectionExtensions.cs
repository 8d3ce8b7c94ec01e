using Connector.Core.Intake;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the platform kit's shared intake: webhook inbox and receiver, rejections, poll checkpoints, retention.</summary>
public static class IntakeServiceCollectionExtensions
{
    /// <summary>Adds the kit (idempotent). Needs the host's <c>NpgsqlDataSource</c> and <c>AddConnectorJobs</c>.</summary>
    public static IServiceCollection AddPlatformIntake(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new WebhookMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<WebhookInbox>();
        services.TryAddSingleton<WebhookReceiver>();
        services.TryAddSingleton<PollCheckpoints>();
        services.TryAddSingleton<WebhookRetention>();
        return services;
    }
}
