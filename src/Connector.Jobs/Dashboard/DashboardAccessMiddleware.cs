using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// The dashboard's access rules, in front of Hangfire (which sees only admitted requests): with no users configured
/// only loopback callers get in; with users, a login with our own cookie scheme is required (a browser GET without
/// one is sent to the login page rather than getting Hangfire's bare 401). A read-only user's POST is refused here,
/// for every route: Hangfire's own commands refuse it too, but its page routes (ours included) accept any method.
/// </summary>
internal sealed class DashboardAccessMiddleware(
    RequestDelegate next, IOptionsMonitor<DashboardOptions> options, ILogger<DashboardAccessMiddleware> logger)
{
    /// <summary>Hangfire's live statistics: a POST that reads only, polled by every page.</summary>
    private const string StatsPath = "/stats";

    public async Task InvokeAsync(HttpContext context)
    {
        DashboardSecurity.ApplyHeaders(context);
        var current = options.CurrentValue;
        DashboardCaller caller;
        if (current.Users.Count == 0)
        {
            if (!DashboardSecurity.IsLocal(context))
            {
                DashboardLog.RemoteRefused(logger, context.Connection.RemoteIpAddress);
                await PlainAsync(context, StatusCodes.Status403Forbidden, "The jobs dashboard only answers loopback requests unless Dashboard:Users is configured.");
                return;
            }

            caller = new DashboardCaller("loopback", DashboardRole.Operator, LoggedIn: false);
        }
        else
        {
            var user = await DashboardSecurity.AuthenticateAsync(context, current);
            if (user is null)
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                    context.Response.Redirect($"{context.Request.PathBase}/login?returnUrl={Html.Url(returnUrl)}");
                    return;
                }

                await PlainAsync(context, StatusCodes.Status401Unauthorized, "Log in to the jobs dashboard first.");
                return;
            }

            caller = new DashboardCaller(user.Name, user.Role, LoggedIn: true);
        }

        if (!caller.CanOperate && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !context.Request.Path.Equals(StatsPath, StringComparison.OrdinalIgnoreCase))
        {
            DashboardLog.ReadOnlyRefused(logger, caller.Name, context.Request.Path);
            await PlainAsync(context, StatusCodes.Status403Forbidden, $"User {caller.Name} is read-only and may not change jobs.");
            return;
        }

        caller.AttachTo(context);
        await next(context);
    }

    private static Task PlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }
}
