using System.Globalization;
using Hangfire;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Bulk replay / delete by filter over Failed jobs. A GET with the filter shows how many jobs match; an operator
/// then POSTs the same filter to <see cref="RunRoute"/> (<see cref="BulkFailedJobsDispatcher"/>), which acts on the
/// jobs matching at that moment. A thin layer over <see cref="FailedJobsBulk"/>.
/// </summary>
internal sealed class BulkFailedJobsPage() : ConnectorDashboardPage("Bulk replay / delete")
{
    public const string Route = "/bulk/failed";
    public const string RunRoute = "/bulk/failed/run";

    public static void Register()
    {
        JobsDashboardPages.Add(Route, "Bulk replay", _ => new BulkFailedJobsPage());
        JobsDashboardPages.AddDispatcher(RunRoute, new BulkFailedJobsDispatcher());
    }

    protected override void Render()
    {
        var filter = BulkFailedJobsForm.Parse(Query, out var error);
        Literal("<div class=\"row\"><div class=\"col-md-12\"><h1 id=\"page-title\" class=\"page-header\">");
        Text(Title);
        Literal("</h1>");
        RenderOutcome();

        Literal($"<form id=\"bulk-filter\" method=\"get\" action=\"{Href(Route)}\" class=\"form-horizontal\">");
        Input(BulkFailedJobsForm.Type, "Job type (class, method or Type.Method)", filter.JobType, "text");
        Input(BulkFailedJobsForm.Queue, "Queue", filter.Queue, "text");
        Input(BulkFailedJobsForm.Exception, "Exception text contains", filter.ExceptionText, "text");
        Input(BulkFailedJobsForm.From, "Failed at or after (UTC)", Query(BulkFailedJobsForm.From), "text");
        Input(BulkFailedJobsForm.To, "Failed before (UTC)", Query(BulkFailedJobsForm.To), "text");
        Literal("<input type=\"hidden\" name=\"count\" value=\"1\">");
        Literal("<button type=\"submit\" class=\"btn btn-default\">Count matching jobs</button></form>");

        if (error is not null)
        {
            Literal("<div class=\"alert alert-danger\" id=\"bulk-error\">");
            Text(error);
            Literal("</div>");
        }
        else if (Query("count") is not null)
        {
            var count = new FailedJobsBulk(Storage, new BackgroundJobClient(Storage)).Count(filter);
            Literal("<div class=\"alert alert-info\" id=\"bulk-count\">");
            Text($"{count.ToString(CultureInfo.InvariantCulture)} failed job(s) match: {filter.Describe()}.");
            Literal("</div>");
            if (CanOperate && count > 0)
            {
                RenderRunForm(filter, count);
            }
        }

        Literal("</div></div>");
    }

    private void RenderRunForm(FailedJobsFilter filter, int count)
    {
        Literal($"<form id=\"bulk-run\" method=\"post\" action=\"{Href(RunRoute)}\">");
        AntiforgeryField();
        Hidden(BulkFailedJobsForm.Type, filter.JobType);
        Hidden(BulkFailedJobsForm.Queue, filter.Queue);
        Hidden(BulkFailedJobsForm.Exception, filter.ExceptionText);
        Hidden(BulkFailedJobsForm.From, BulkFailedJobsForm.Format(filter.FailedFrom));
        Hidden(BulkFailedJobsForm.To, BulkFailedJobsForm.Format(filter.FailedTo));
        var n = count.ToString(CultureInfo.InvariantCulture);
        Literal($"<button type=\"submit\" name=\"action\" value=\"requeue\" class=\"btn btn-primary\">Requeue {n} job(s)</button> ");
        Literal($"<button type=\"submit\" name=\"action\" value=\"delete\" class=\"btn btn-danger\">Delete {n} job(s)</button>");
        Literal("</form>");
    }

    private void RenderOutcome()
    {
        // Only numbers and a known verb come back from the redirect, so a crafted link cannot put words on the page.
        if (Query("done") is not ("requeue" or "delete") || !int.TryParse(Query("changed"), NumberStyles.None, CultureInfo.InvariantCulture, out var changed)
            || !int.TryParse(Query("matched"), NumberStyles.None, CultureInfo.InvariantCulture, out var matched))
        {
            return;
        }

        var verb = Query("done") == "requeue" ? "Requeued" : "Deleted";
        Literal("<div class=\"alert alert-success\" id=\"bulk-done\">");
        Text(changed == matched ? $"{verb} {changed} job(s)." : $"{verb} {changed} of {matched} matching job(s); the others had left the Failed state.");
        Literal("</div>");
    }

    private void Input(string name, string label, string? value, string type)
    {
        Literal($"<div class=\"form-group\"><label class=\"col-sm-3 control-label\" for=\"bulk-{name}\">");
        Text(label);
        Literal($"</label><div class=\"col-sm-6\"><input class=\"form-control\" type=\"{type}\" id=\"bulk-{name}\" name=\"{name}\" value=\"");
        Text(value);
        Literal("\"></div></div>");
    }

    private void Hidden(string name, string? value)
    {
        Literal($"<input type=\"hidden\" name=\"{name}\" value=\"");
        Text(value);
        Literal("\">");
    }
}
