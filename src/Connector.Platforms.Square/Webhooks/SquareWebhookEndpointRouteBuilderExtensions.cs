using Connector.Jobs;
using Connector.Platforms.Square.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts Square webhook reception.</summary>
public static class SquareWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>POST <paramref name="path"/></c> (default <c>/webhooks/square</c>): verifies
    /// <c>x-square-hmacsha256-signature</c> against <c>Square:WebhookNotificationUrl</c> (401 when missing or wrong),
    /// refuses bodies over 256 KiB (413) and unusable events (400), stores each verified event once in
    /// <c>square.webhook_inbox</c> and requests its object's sync in the same statement, then answers 200. Register the
    /// services with <c>services.AddSquareWebhooks(configuration)</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSquareWebhooks(this IEndpointRouteBuilder endpoints, string path = "/webhooks/square")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(SquareWebhookReceiver)) != true)
        {
            throw new InvalidOperationException("Square webhooks are not registered: call services.AddSquareWebhooks(configuration) before app.MapSquareWebhooks().");
        }

        if (services.GetService<JobIntake>() is null)
        {
            throw new InvalidOperationException("Square webhooks request jobs: call services.AddConnectorJobs(…) before app.MapSquareWebhooks().");
        }

        // Resolved now, not per request: the receiver is a singleton and resolving it on the hot path costs a lookup per event.
        var receiver = services.GetRequiredService<SquareWebhookReceiver>();
        return endpoints.MapPost("/" + path.Trim().Trim('/'), new RequestDelegate(receiver.HandleAsync)).WithDisplayName("Square webhook");
    }
}
