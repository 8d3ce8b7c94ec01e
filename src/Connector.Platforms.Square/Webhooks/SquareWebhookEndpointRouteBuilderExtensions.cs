using Connector.Platforms.Square.Webhooks;
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
    /// <c>intake.webhook_inbox</c> and requests its object's sync in the same statement, then answers 200. Register the
    /// services with <c>services.AddSquareWebhooks(configuration)</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSquareWebhooks(this IEndpointRouteBuilder endpoints, string path = "/webhooks/square")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var source = endpoints.ServiceProvider.GetService<SquareWebhookSource>()
            ?? throw new InvalidOperationException("Square webhooks are not registered: call services.AddSquareWebhooks(configuration) before app.MapSquareWebhooks().");
        return endpoints.MapWebhook(path, source);
    }
}
