using Connector.Jobs.Dashboard;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the jobs ops dashboard.</summary>
public static class JobsDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the dashboard under <paramref name="prefix"/> (default <c>/ops</c>). Access rules are enforced by
    /// the dashboard itself: loopback only without configured users, login otherwise; POSTs need the operator
    /// role and an antiforgery token. Register the services with <c>services.AddJobsDashboard()</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/ops")
    {
        prefix = "/" + prefix.Trim().Trim('/');
        if (prefix == "/")
        {
            throw new ArgumentException("The dashboard needs a path prefix such as /ops.", nameof(prefix));
        }

        return DashboardEndpoints.Map(endpoints, prefix);
    }
}
