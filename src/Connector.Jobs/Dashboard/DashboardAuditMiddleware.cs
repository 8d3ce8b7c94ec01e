using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Records every successful operator POST that reaches Hangfire (requeue, delete, trigger, bulk commands) in
/// <c>jobs.dashboard_audit</c>: the caller, the time, Hangfire's command route (path below the prefix) and the job ids
/// from the form's <c>jobs[]</c> or from the route. The form is read here first; ASP.NET Core caches it and the body
/// is buffered, so Hangfire still sees it. Handlers that record a richer row themselves call <see cref="MarkRecorded"/>.
/// </summary>
internal sealed partial class DashboardAuditMiddleware(
    RequestDelegate next, DashboardAuditLog audit, TimeProvider time, ILogger<DashboardAuditMiddleware> logger)
{
    private static readonly object RecordedKey = new();

    /// <summary>Tells this middleware the handler has audited the request already.</summary>
    public static void MarkRecorded(HttpContext context) => context.Items[RecordedKey] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || request.Path.Equals("/stats", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var ids = new List<string>();
        if (request.HasFormContentType)
        {
            request.EnableBuffering();
            var form = await request.ReadFormAsync(context.RequestAborted);
            request.Body.Position = 0;
            ids.AddRange(form["jobs[]"].Where(id => !string.IsNullOrEmpty(id))!);
        }

        var single = RouteJobId().Match(request.Path.Value ?? "");
        if (single.Success)
        {
            ids.Add(Uri.UnescapeDataString(single.Groups["id"].Value));
        }

        await next(context);

        var status = context.Response.StatusCode;
        if (status is < 200 or >= 400 || context.Items.ContainsKey(RecordedKey))
        {
            return;
        }

        var caller = DashboardCaller.Of(context);
        var entry = new DashboardAuditEntry(
            time.GetUtcNow(), caller?.Actor ?? "dashboard:unknown", request.Path.Value ?? "", ids, ids.Count, null,
            context.Connection.RemoteIpAddress?.ToString());
        try
        {
            // Not the request's token: the action is done, and its record must not be lost to a closed browser tab.
            await audit.WriteAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The action already happened; the log line keeps the record when the table cannot.
            DashboardLog.AuditFailed(logger, e, entry.Actor, entry.Action, string.Join(',', ids));
        }

        DashboardLog.ActionAudited(logger, entry.Actor, entry.Action, ids.Count);
    }

    [GeneratedRegex("^/jobs/actions/[a-z]+/(?<id>[^/]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RouteJobId();
}
