using Connector.Core.Dashboard;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the connector's own pages to the jobs dashboard.</summary>
public static class ConnectorDashboardEndpointRouteBuilderExtensions
{
    /// <summary>Search's route below the dashboard prefix; link to it as <c>{prefix}/search?q=&lt;term&gt;</c>.</summary>
    public const string SearchRoute = SearchPage.Route;

    /// <summary>The Leat dispatches page's route below the dashboard prefix (<c>?status=failed</c> and so on).</summary>
    public const string LeatDispatchesRoute = LeatDispatchesPage.Route;

    /// <summary>
    /// Puts "Search" and "Leat dispatches" into the dashboard's navigation, under whatever prefix
    /// <c>MapJobsDashboard</c> mounts it at. Hangfire keeps pages in a process-wide table, so this maps no endpoint
    /// of its own, is idempotent, and must run before the first dashboard request; call it just before
    /// <c>MapJobsDashboard</c> so the items come before "Bulk replay" and "Log out". Needs
    /// <c>services.AddConnectorDashboardPages()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapConnectorDashboardPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(ConnectorSearch)) == false)
        {
            throw new InvalidOperationException("The connector's dashboard pages need services.AddConnectorDashboardPages() before MapConnectorDashboardPages.");
        }

        SearchPage.Register();
        LeatDispatchesPage.Register();
        return endpoints;
    }
}
