using Connector.Platforms.CommerceLayer.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts Commerce Layer webhook reception.</summary>
public static class CommerceLayerWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>POST <paramref name="path"/></c> (default <c>/webhooks/commercelayer</c>): verifies
    /// <c>X-CommerceLayer-Signature</c> (401 when missing or wrong), refuses bodies over 1 MiB (413) and unusable
    /// deliveries (400), stores each verified delivery once in <c>intake.webhook_inbox</c> and requests its order's sync
    /// in the same statement, then answers 200 — well within Commerce Layer's 5 s.
    /// </summary>
    public static IEndpointConventionBuilder MapCommerceLayerWebhooks(this IEndpointRouteBuilder endpoints, string path = "/webhooks/commercelayer")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var source = endpoints.ServiceProvider.GetService<CommerceLayerWebhookSource>()
            ?? throw new InvalidOperationException("Commerce Layer webhooks are not registered: call services.AddCommerceLayer(configuration) first.");
        return endpoints.MapWebhook(path, source);
    }
}
