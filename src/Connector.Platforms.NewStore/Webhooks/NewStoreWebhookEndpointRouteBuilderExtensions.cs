using Connector.Platforms.NewStore.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts NewStore event-stream reception.</summary>
public static class NewStoreWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>POST <paramref name="path"/></c> (default <c>/webhooks/newstore</c>) on the shared webhook receiver:
    /// <c>Authorization: Bearer &lt;NewStore:EventStreamApiKey&gt;</c> (401 when missing or wrong), 413 over 1 MiB, 400 for
    /// malformed or foreign-tenant events; each event is stored once in <c>intake.webhook_inbox</c> with its order's sync
    /// requested in the same statement, then answered 200. Register with <c>services.AddNewStore(configuration)</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapNewStoreWebhooks(this IEndpointRouteBuilder endpoints, string path = "/webhooks/newstore")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var source = endpoints.ServiceProvider.GetService<NewStoreWebhookSource>()
            ?? throw new InvalidOperationException("NewStore webhooks are not registered: call services.AddNewStore(configuration) before app.MapNewStoreWebhooks().");
        return endpoints.MapWebhook(path, source);
    }
}
