using Connector.Core.Intake;
using Connector.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts a platform's webhook endpoint on the shared receiver.</summary>
public static class WebhookEndpointRouteBuilderExtensions
{
    /// <summary>Serves <c>POST <paramref name="path"/></c> for <paramref name="source"/> (see <see cref="WebhookReceiver"/>).</summary>
    public static IEndpointConventionBuilder MapWebhook(this IEndpointRouteBuilder endpoints, string path, IWebhookSource source)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(source);
        var services = endpoints.ServiceProvider;
        if (services.GetService<JobIntake>() is null)
        {
            throw new InvalidOperationException($"{source.Platform} webhooks request jobs: call services.AddConnectorJobs(…) before mapping them.");
        }

        // Resolved now, not per request: both are singletons and resolving them on the hot path costs a lookup per event.
        var receiver = services.GetService<WebhookReceiver>()
            ?? throw new InvalidOperationException($"{source.Platform} webhooks need the platform kit: call services.AddPlatformIntake() before mapping them.");
        return endpoints.MapPost("/" + path.Trim().Trim('/'), context => receiver.HandleAsync(context, source)).WithDisplayName($"{source.Platform} webhook");
    }
}
