using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// The bulk page's POST: runs <see cref="FailedJobsBulk"/> with the posted filter, writes one audit row (filter,
/// count, changed ids) and redirects back to the page with the outcome (303, so a refresh does not run it again).
/// Hangfire checked the antiforgery token before dispatching here; the read-only check is repeated because a
/// page-style route is not covered by Hangfire's own command checks.
/// </summary>
internal sealed class BulkFailedJobsDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (context.IsReadOnly || DashboardCaller.Of(http) is not { CanOperate: true } caller)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var filter = BulkFailedJobsForm.Parse(name => form[name], out var error);
        FailedJobsBulkAction? action = (string?)form["action"] switch
        {
            "requeue" => FailedJobsBulkAction.Requeue,
            "delete" => FailedJobsBulkAction.Delete,
            _ => null,
        };
        if (error is not null || action is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(error ?? "The form must say action=requeue or action=delete.");
            return;
        }

        var services = http.RequestServices;
        var bulk = new FailedJobsBulk(context.Storage, context.GetBackgroundJobClient());
        // Not the request's token: stopping halfway because a browser tab closed would leave an unaudited half-done
        // action. Hangfire's client API is synchronous.
        var result = bulk.Run(filter, action.Value, CancellationToken.None);
        var verb = action == FailedJobsBulkAction.Requeue ? "requeue" : "delete";
        var entry = new DashboardAuditEntry(
            services.GetRequiredService<TimeProvider>().GetUtcNow(), caller.Actor, $"{BulkFailedJobsPage.RunRoute}/{verb}",
            result.ChangedIds, result.Changed, $"{filter.Describe()}; matched {result.Matched}, changed {result.Changed}",
            http.Connection.RemoteIpAddress?.ToString());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Connector.Jobs.Dashboard");
        try
        {
            await services.GetRequiredService<DashboardAuditLog>().WriteAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            DashboardLog.AuditFailed(logger, e, entry.Actor, entry.Action, $"{result.Changed} job(s)");
        }

        DashboardAuditMiddleware.MarkRecorded(http);
        DashboardLog.BulkDone(logger, verb, caller.Actor, filter.Describe(), result.Matched, result.Changed);
        var query = BulkFailedJobsForm.ToQuery(filter);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = $"{new UrlHelper(context).To(BulkFailedJobsPage.Route)}?{query}{(query.Length > 0 ? "&" : "")}done={verb}&matched={result.Matched}&changed={result.Changed}";
    }
}
