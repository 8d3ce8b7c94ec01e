using Hangfire.Dashboard;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Hangfire's authorization hook: lets a request through only when <see cref="DashboardAccessMiddleware"/> admitted
/// it. The middleware makes the decision (and can redirect to the login page, which a filter cannot); this filter
/// keeps Hangfire closed should it ever be reached by another path. It replaces Hangfire's default local-only filter.
/// </summary>
internal sealed class DashboardAdmittedFilter : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context) => Task.FromResult(DashboardCaller.Of(context.GetHttpContext()) is not null);
}
