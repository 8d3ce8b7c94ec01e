using Connector.Core.Dashboard;
using Connector.Core.Intake;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the connector's own dashboard pages (Search, Leat dispatches) read through.</summary>
public static class ConnectorDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the pages' queries and <see cref="IWebhookEventSearch"/> over today's Square inbox (an
    /// <see cref="IWebhookEventSearch"/> registered earlier wins). Needs the jobs (<c>AddConnectorJobs</c>, for
    /// <c>JobSearch</c> and <c>JobRegistry</c>), the jobs dashboard (<c>AddJobsDashboard</c>) and an
    /// <c>NpgsqlDataSource</c> singleton. Mount the pages with <c>app.MapConnectorDashboardPages()</c>.
    /// </summary>
    public static IServiceCollection AddConnectorDashboardPages(this IServiceCollection services)
    {
        services.TryAddSingleton<IWebhookEventSearch, WebhookInboxSearch>();
        services.TryAddSingleton<LeatDispatchQueries>();
        services.TryAddSingleton<ConnectorSearch>();
        return services;
    }
}
