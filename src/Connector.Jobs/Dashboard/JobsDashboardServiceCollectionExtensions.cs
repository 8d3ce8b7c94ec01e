using Connector.Jobs.Admin;
using Connector.Jobs.Dashboard;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the jobs ops dashboard.</summary>
public static class JobsDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="JobAdmin"/>, the dashboard's options (bound from the <c>Dashboard</c> section and validated
    /// at start), antiforgery and the dashboard's own cookie authentication scheme. Needs an
    /// <c>NpgsqlDataSource</c> singleton from the host. Mount the pages with <c>app.MapJobsDashboard()</c>.
    /// </summary>
    public static IServiceCollection AddJobsDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        services.AddJobAdmin();
        var options = services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(provider => new DashboardLoginThrottle(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddAntiforgery();
        services.AddAuthentication().AddCookie(DashboardEndpoints.Scheme, cookie =>
        {
            cookie.Cookie.Name = ".Connector.JobsDashboard";
            cookie.Cookie.HttpOnly = true;
            // Strict: the session cookie never rides along on a request started by another site.
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(DashboardEndpoints.Scheme)
            .Configure<IOptionsMonitor<DashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = dashboard.CurrentValue.SessionLifetime);
        return services;
    }

    /// <summary>Adds <see cref="JobAdmin"/> (and <see cref="TimeProvider.System"/> unless one is registered), e.g. for the command line.</summary>
    public static IServiceCollection AddJobAdmin(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobAdmin>();
        return services;
    }
}
