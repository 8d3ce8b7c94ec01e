using Connector.Jobs.Dashboard;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the jobs ops dashboard (Hangfire's dashboard with our access rules, audit and pages).</summary>
public static class JobsDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard's options (bound from the <c>Dashboard</c> section and validated at start), the login
    /// throttle, the audit log, antiforgery (without it Hangfire checks no token at all) and the dashboard's own
    /// cookie authentication scheme. Needs from the host: Hangfire (<c>services.AddHangfire(...)</c> with its storage)
    /// and an <c>NpgsqlDataSource</c> singleton for <c>jobs.dashboard_audit</c>. Mount it with
    /// <c>app.MapJobsDashboard("/hangfire")</c>.
    /// </summary>
    public static IServiceCollection AddJobsDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        var options = services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(provider => new DashboardLoginThrottle(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<DashboardAuditLog>();
        services.AddAntiforgery();
        services.AddAuthentication().AddCookie(DashboardSecurity.Scheme, cookie =>
        {
            cookie.Cookie.Name = ".Connector.JobsDashboard";
            cookie.Cookie.HttpOnly = true;
            // Strict: the session cookie never rides along on a request started by another site.
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(DashboardSecurity.Scheme)
            .Configure<IOptionsMonitor<DashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = dashboard.CurrentValue.SessionLifetime);
        return services;
    }
}
