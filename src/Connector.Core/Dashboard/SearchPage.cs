using System.Globalization;
using Connector.Core.Intake;
using Connector.Jobs;
using Connector.Jobs.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Core.Dashboard;

/// <summary>
/// "Search": everything about one business object on one page — its Leat dispatch rows, its webhook events and
/// its Hangfire jobs (linked to Hangfire's job page, where an operator requeues it). Read-only, so every role sees it.
/// </summary>
internal sealed class SearchPage() : ConnectorDashboardPage("Search")
{
    public const string Route = "/search";

    public static void Register() => JobsDashboardPages.Add(Route, "Search", _ => new SearchPage());

    protected override void Render()
    {
        var term = (Query("q") ?? "").Trim();
        Literal("<div class=\"row\"><div class=\"col-md-12\"><h1 id=\"page-title\" class=\"page-header\">");
        Text(Title);
        Literal("</h1>");
        Literal($"<form id=\"search-form\" method=\"get\" action=\"{Href(Route)}\" class=\"form-inline\" role=\"search\">");
        Literal("<div class=\"form-group\"><label for=\"search-q\">Order, refund or return id, business key, Leat external id, job id or email</label> ");
        Literal("<input class=\"form-control\" type=\"search\" id=\"search-q\" name=\"q\" size=\"48\" value=\"");
        Text(term);
        Literal("\"></div> <button type=\"submit\" class=\"btn btn-primary\">Search</button></form>");

        if (term.Length > ConnectorSearch.MaxTermLength)
        {
            Alert("danger", "search-error", $"A search term has at most {ConnectorSearch.MaxTermLength.ToString(CultureInfo.InvariantCulture)} characters.");
        }
        else if (term.Length > 0)
        {
            // Hangfire renders pages synchronously (RazorPage.Execute has no async form); its own pages block on
            // storage calls the same way.
            var result = HttpContext.RequestServices.GetRequiredService<ConnectorSearch>()
                .SearchAsync(term, HttpContext.RequestAborted).GetAwaiter().GetResult();
            if (result.Dispatches.Count == 0 && result.Events.Count == 0 && result.Jobs.Count == 0)
            {
                Alert("info", "search-nothing", $"Nothing found for \"{term}\".");
            }
            else
            {
                RenderDispatches(result.Dispatches);
                RenderEvents(result.Events);
                RenderJobs(result.Jobs);
            }
        }

        Literal("</div></div>");
    }

    private void RenderDispatches(IReadOnlyList<DispatchRow> rows)
    {
        Heading("search-dispatches", "Leat dispatches", rows.Count);
        foreach (var row in rows)
        {
            Literal($"<div class=\"panel panel-default search-dispatch\" id=\"dispatch-{row.Id.ToString(CultureInfo.InvariantCulture)}\">");
            Literal("<div class=\"panel-heading\"><strong>");
            Text(row.Kind);
            Literal("</strong> <code>");
            Text(row.ExternalId);
            Literal("</code> ");
            StatusLabel(row.Status);
            Literal("</div><table class=\"table table-condensed\"><tbody>");
            Field("Status", row.Status);
            Field("Platform id", row.SourceId);
            Field("Order", row.OrderExternalId);
            Field("Attempts", row.Attempts.ToString(CultureInfo.InvariantCulture));
            Field("Leat uuid", row.LeatUuid);
            Field("Points", DashboardFormat.Number(row.Points));
            Field("New balance", DashboardFormat.Number(row.NewBalance));
            Field("Last error", row.LastError);
            Field("Skip reason", row.SkipReason);
            Field("Resolution", row.Resolution);
            Field("Created", DashboardFormat.Time(row.CreatedAt));
            Field("Last change", DashboardFormat.Time(row.UpdatedAt));
            Json("Caps", row.Caps);
            Json("Drift", row.DriftPayload is null ? null : $"seen {DashboardFormat.Time(row.DriftAt)}, asked with:\n{row.DriftPayload}");
            Json("Payload sent", row.Payload);
            Literal("</tbody></table></div>");
        }
    }

    private void RenderEvents(IReadOnlyList<WebhookEventRow> events)
    {
        Heading("search-events", "Webhook events", events.Count);
        if (events.Count == 0)
        {
            return;
        }

        Literal("<table class=\"table table-striped\" id=\"search-events-table\"><thead><tr><th>Type</th><th>Received at</th><th>Event id</th><th>Object</th><th>Requested work</th></tr></thead><tbody>");
        foreach (var e in events)
        {
            Literal("<tr><td>");
            Text(e.EventType);
            Literal("</td><td>");
            Text(DashboardFormat.Time(e.ReceivedAt));
            Literal("</td><td><code>");
            Text(e.EventId);
            Literal("</code></td><td>");
            Text($"{e.ObjectType ?? DashboardFormat.None} {e.ObjectId}");
            Literal("</td><td>");
            Text(e.WorkKey ?? DashboardFormat.None);
            Literal("</td></tr>");
        }

        Literal("</tbody></table>");
    }

    private void RenderJobs(IReadOnlyList<JobSummary> jobs)
    {
        Heading("search-jobs", "Hangfire jobs", jobs.Count);
        if (jobs.Count == 0)
        {
            return;
        }

        Literal("<table class=\"table table-striped\" id=\"search-jobs-table\"><thead><tr><th>Job</th><th>Business key</th><th>State</th><th>Reason</th><th>Retries</th><th>Last error</th><th>Created</th></tr></thead><tbody>");
        foreach (var job in jobs)
        {
            Literal($"<tr class=\"search-job\"><td><a href=\"{Href("/jobs/details/" + Uri.EscapeDataString(job.Id))}\">#");
            Text(job.Id);
            Literal("</a></td><td>");
            Text(job.Key ?? DashboardFormat.None);
            Literal("</td><td class=\"search-job-state\">");
            StatusLabel(job.State);
            Literal("</td><td>");
            Text(job.Reason ?? DashboardFormat.None);
            Literal("</td><td>");
            Text(job.Retries.ToString(CultureInfo.InvariantCulture));
            Literal("</td><td class=\"search-job-error\">");
            Text(job.LastError ?? DashboardFormat.None);
            Literal("</td><td>");
            Text(DashboardFormat.Time(job.CreatedAt));
            Literal("</td></tr>");
        }

        Literal("</tbody></table>");
    }

    private void Heading(string id, string text, int count)
    {
        Literal($"<h3 id=\"{id}\">");
        Text($"{text} ({count.ToString(CultureInfo.InvariantCulture)})");
        Literal("</h3>");
    }

    private void Field(string name, string? value)
    {
        Literal("<tr><th class=\"col-sm-2\">");
        Text(name);
        Literal("</th><td>");
        Text(string.IsNullOrEmpty(value) ? DashboardFormat.None : value);
        Literal("</td></tr>");
    }

    /// <summary>A JSON value folded away (payloads run to pages), escaped like everything else.</summary>
    private void Json(string name, string? json)
    {
        Literal("<tr><th class=\"col-sm-2\">");
        Text(name);
        Literal("</th><td>");
        if (json is null)
        {
            Text(DashboardFormat.None);
        }
        else
        {
            Literal("<details><summary>Show</summary><pre>");
            Text(json);
            Literal("</pre></details>");
        }

        Literal("</td></tr>");
    }

    private void StatusLabel(string status)
    {
        // Ledger statuses are lower case, Hangfire's states capitalised.
        var kind = status.ToUpperInvariant() switch
        {
            "FAILED" => "danger",
            "SUCCEEDED" => "success",
            "IN_FLIGHT" or "PROCESSING" or "PENDING" or "ENQUEUED" or "SCHEDULED" or "AWAITING" => "info",
            _ => "default",
        };
        Literal($"<span class=\"label label-{kind}\">");
        Text(status);
        Literal("</span>");
    }

    private void Alert(string kind, string id, string message)
    {
        Literal($"<div class=\"alert alert-{kind}\" id=\"{id}\">");
        Text(message);
        Literal("</div>");
    }
}
