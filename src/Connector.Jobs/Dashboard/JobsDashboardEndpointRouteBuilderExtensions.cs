using Connector.Jobs.Dashboard;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HangfireDashboardOptions = Hangfire.DashboardOptions;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the jobs ops dashboard.</summary>
public static class JobsDashboardEndpointRouteBuilderExtensions
{
    /// <summary>The dashboard's title in Hangfire's navigation bar and the browser tab.</summary>
    public const string Title = "Returns Connector · jobs";

    /// <summary>
    /// Serves Hangfire's dashboard under <paramref name="prefix"/> (default <c>/hangfire</c>) with login and logout
    /// at <c>{prefix}/login</c> and <c>{prefix}/logout</c>, our access rules (loopback only without users, cookie
    /// login otherwise, read-only users may not POST), the audit of every operator action and our own pages (bulk
    /// replay / delete at <c>{prefix}/bulk/failed</c>). Register the services with <c>services.AddJobsDashboard()</c>
    /// and Hangfire with <c>services.AddHangfire(...)</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/hangfire")
    {
        prefix = "/" + prefix.Trim().Trim('/');
        if (prefix == "/")
        {
            throw new ArgumentException("The dashboard needs a path prefix such as /hangfire.", nameof(prefix));
        }

        var services = endpoints.ServiceProvider;
        // Checked now (a missing AddHangfire fails at start), but without resolving Hangfire: its storage connects to
        // the database (and installs its schema) when built, which should not hold up the host's start.
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(IGlobalConfiguration)) == false)
        {
            throw new InvalidOperationException("The jobs dashboard needs Hangfire: call services.AddHangfire(...) with its storage before MapJobsDashboard.");
        }

        BulkFailedJobsPage.Register();
        JobsDashboardPages.AddMenuItem("logout", page => DashboardCaller.Of(page.Context.GetHttpContext()) is { LoggedIn: true } caller
            ? new MenuItem($"Log out {caller.Name}", page.Url.To("/logout"))
            : null);

        var group = endpoints.MapGroup(prefix);
        DashboardLoginEndpoints.Map(group, prefix);
        // PublicationOnly: a failure (database down at the first request) is not cached, the next request tries again;
        // two racing first requests may build it twice, and one of the two is dropped.
        var pipeline = new Lazy<RequestDelegate>(() => BuildPipeline(endpoints, prefix), LazyThreadSafetyMode.PublicationOnly);
        group.Map("/{**path}", context => pipeline.Value(context));
        return group;
    }

    private static RequestDelegate BuildPipeline(IEndpointRouteBuilder endpoints, string prefix)
    {
        var services = endpoints.ServiceProvider;
        HangfireServiceCollectionExtensions.ThrowIfNotConfigured(services);
        var storage = services.GetRequiredService<JobStorage>();
        var routes = services.GetRequiredService<Hangfire.Dashboard.RouteCollection>();
        var options = new HangfireDashboardOptions
        {
            DashboardTitle = Title,
            // Hangfire's "Back to site" link; the connector has no site to go back to.
            AppPath = null,
            // DashboardAccessMiddleware decides; the filter only checks that it did (replaces the local-only default).
            Authorization = [],
            AsyncAuthorization = [new DashboardAdmittedFilter()],
            IsReadOnlyFunc = context => DashboardCaller.Of(context.GetHttpContext()) is not { CanOperate: true },
            TimeZoneResolver = services.GetService<ITimeZoneResolver>(),
        };

        return endpoints.CreateApplicationBuilder()
            .UsePathBase(prefix)
            .UseMiddleware<DashboardAccessMiddleware>()
            .UseMiddleware<DashboardAuditMiddleware>()
            // finalizeWhenNotFound: nothing follows Hangfire in this branch, so an unknown path must end as 404 here.
            .UseMiddleware<AspNetCoreDashboardMiddleware>(storage, options, routes, true)
            .Build();
    }
}
