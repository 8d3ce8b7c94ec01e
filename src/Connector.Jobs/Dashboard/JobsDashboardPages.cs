using System.Text.RegularExpressions;
using Hangfire.Dashboard;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Adds our pages and commands to Hangfire's dashboard. Hangfire keeps routes and menu items in process-wide
/// lists, so every call here is idempotent per route: calling it again (a second host in tests, a second
/// <c>MapJobsDashboard</c>) adds nothing.
/// </summary>
public static class JobsDashboardPages
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Registered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Serves <paramref name="page"/> at <paramref name="route"/> (a path below the dashboard prefix, e.g.
    /// <c>/bulk/failed</c>; Hangfire treats it as an anchored regular expression) and adds a menu item
    /// <paramref name="menuText"/> to the top navigation, active on that route and below it.
    /// </summary>
    public static void Add(string route, string menuText, Func<Match, ConnectorDashboardPage> page)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(route);
        ArgumentException.ThrowIfNullOrWhiteSpace(menuText);
        ArgumentNullException.ThrowIfNull(page);
        lock (Gate)
        {
            if (!Registered.Add("page:" + route))
            {
                return;
            }

            DashboardRoutes.Routes.AddRazorPage(route, page);
            NavigationMenu.Items.Add(p => new MenuItem(menuText, p.Url.To(route))
            {
                Active = p.RequestPath.StartsWith(route, StringComparison.OrdinalIgnoreCase),
            });
        }
    }

    /// <summary>Serves <paramref name="dispatcher"/> at <paramref name="route"/> (e.g. a page's POST target), without a menu item.</summary>
    public static void AddDispatcher(string route, IDashboardDispatcher dispatcher)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(route);
        ArgumentNullException.ThrowIfNull(dispatcher);
        lock (Gate)
        {
            if (Registered.Add("dispatcher:" + route))
            {
                DashboardRoutes.Routes.Add(route, dispatcher);
            }
        }
    }

    /// <summary>Adds a menu item built per page view; return null to hide it for that view.</summary>
    public static void AddMenuItem(string key, Func<RazorPage, MenuItem?> item)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(item);
        lock (Gate)
        {
            if (Registered.Add("menu:" + key))
            {
                NavigationMenu.Items.Add(p => item(p)!);
            }
        }
    }
}
