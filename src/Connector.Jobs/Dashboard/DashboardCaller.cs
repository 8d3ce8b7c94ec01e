using Microsoft.AspNetCore.Http;

namespace Connector.Jobs.Dashboard;

/// <summary>Who a dashboard request was admitted for; set by <see cref="DashboardAccessMiddleware"/> before Hangfire runs.</summary>
/// <param name="Name">The configured user name, or <c>loopback</c>.</param>
/// <param name="Role">What the caller may do.</param>
/// <param name="LoggedIn">False for the loopback caller admitted without users: it has nothing to log out of.</param>
internal sealed record DashboardCaller(string Name, DashboardRole Role, bool LoggedIn)
{
    private static readonly object ItemKey = new();

    public bool CanOperate => Role == DashboardRole.Operator;

    /// <summary>The audit's actor: <c>dashboard:&lt;name&gt;</c>, <c>dashboard:loopback</c> without configured users.</summary>
    public string Actor => $"dashboard:{Name}";

    public static DashboardCaller? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var caller) ? caller as DashboardCaller : null;

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
