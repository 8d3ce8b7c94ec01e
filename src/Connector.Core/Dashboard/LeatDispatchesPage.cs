using System.Globalization;
using Connector.Jobs.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Core.Dashboard;

/// <summary>
/// "Leat dispatches": the ledger by status (failed, skipped with its reason, drift, in flight, pending, succeeded),
/// newest first, keyset-paged; each external id links to Search for the whole story.
/// </summary>
internal sealed class LeatDispatchesPage() : ConnectorDashboardPage("Leat dispatches")
{
    public const string Route = "/leat/dispatches";
    public const int PageSize = 50;

    public static void Register() => JobsDashboardPages.Add(Route, "Leat dispatches", _ => new LeatDispatchesPage());

    protected override void Render()
    {
        var status = DispatchStatusFilter.IsKnown(Query("status")) ? Query("status")! : DispatchStatusFilter.All[0];
        var after = DispatchCursor.Parse(Query("after"));
        Literal("<div class=\"row\"><div class=\"col-md-12\"><h1 id=\"page-title\" class=\"page-header\">");
        Text(Title);
        Literal("</h1><ul class=\"nav nav-tabs\" id=\"dispatch-status\">");
        foreach (var tab in DispatchStatusFilter.All)
        {
            Literal(tab == status ? "<li class=\"active\">" : "<li>");
            Literal($"<a href=\"{Href($"{Route}?status={tab}")}\">");
            Text(tab == DispatchStatusFilter.Drift ? "drift" : tab.Replace('_', ' '));
            Literal("</a></li>");
        }

        Literal("</ul>");
        // One row more than shown tells whether there is a next page without counting the whole list.
        // Synchronous for the same reason as SearchPage: Hangfire renders pages synchronously.
        var rows = HttpContext.RequestServices.GetRequiredService<LeatDispatchQueries>()
            .ListAsync(status, after, PageSize + 1, HttpContext.RequestAborted).GetAwaiter().GetResult();
        if (rows.Count == 0)
        {
            Literal("<div class=\"alert alert-info\" id=\"dispatch-none\">");
            Text(after is null ? $"No dispatches are {Describe(status)}." : "No more dispatches.");
            Literal("</div></div></div>");
            return;
        }

        Literal("<table class=\"table table-striped\" id=\"dispatch-table\"><thead><tr>");
        Literal(status == DispatchStatusFilter.Drift ? "<th>Drift seen</th>" : "<th>Last change</th>");
        Literal("<th>Kind</th><th>External id</th><th>Status</th><th>Attempts</th><th>Points</th><th>New balance</th><th>Last error / skip reason</th></tr></thead><tbody>");
        foreach (var row in rows.Take(PageSize))
        {
            Literal("<tr class=\"dispatch-row\"><td>");
            Text(DashboardFormat.Time(status == DispatchStatusFilter.Drift ? row.DriftAt : row.UpdatedAt));
            Literal("</td><td>");
            Text(row.Kind);
            Literal($"</td><td><a href=\"{Href(DashboardFormat.SearchPath(row.ExternalId))}\">");
            Text(row.ExternalId);
            Literal("</a></td><td>");
            Text(row.Status);
            Literal("</td><td>");
            Text(row.Attempts.ToString(CultureInfo.InvariantCulture));
            Literal("</td><td>");
            Text(DashboardFormat.Number(row.Points));
            Literal("</td><td>");
            Text(DashboardFormat.Number(row.NewBalance));
            Literal("</td><td>");
            Text(row.LastError ?? row.SkipReason ?? DashboardFormat.None);
            Literal("</td></tr>");
        }

        Literal("</tbody></table>");
        if (rows.Count > PageSize)
        {
            var cursor = LeatDispatchQueries.CursorOf(rows[PageSize - 1], status);
            Literal($"<a id=\"dispatch-next\" class=\"btn btn-default\" href=\"{Href($"{Route}?status={status}&after={cursor}")}\">Older</a>");
        }

        if (after is not null)
        {
            Literal($" <a id=\"dispatch-first\" class=\"btn btn-link\" href=\"{Href($"{Route}?status={status}")}\">Newest</a>");
        }

        Literal("</div></div>");
    }

    private static string Describe(string status) => status switch
    {
        DispatchStatusFilter.Drift => "drifting",
        "in_flight" => "in flight",
        _ => status,
    };
}
