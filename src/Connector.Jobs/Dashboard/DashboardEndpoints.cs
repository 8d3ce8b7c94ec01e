using System.Globalization;
using System.Net;
using System.Security.Claims;
using Connector.Jobs.Admin;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// The dashboard's routes and its access rules. Every request passes <see cref="EnterAsync"/>: with no users
/// configured only loopback callers get in; with users, a login (our own cookie scheme) is required and
/// remote callers are then allowed. Every POST additionally needs the operator role and a valid
/// antiforgery token, checked here rather than by the host's middleware so the dashboard is safe whatever
/// the host's pipeline looks like.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The cookie authentication scheme; its own name so it never clashes with the host's schemes.</summary>
    public const string Scheme = "ConnectorJobsDashboard";

    private const string FlashCookie = "connector_jobs_flash";

    private static readonly Lazy<string> UnknownUserHash = new(() => DashboardPasswordHasher.Hash(Guid.NewGuid().ToString()));

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", D(c => PageAsync(c, prefix, async (r, admin, ct) => DashboardPages.Overview(r, await admin.GetOverviewAsync(ct)))));
        group.MapGet("/jobs", D(c => PageAsync(c, prefix, (r, admin, ct) => ListAsync(c, r, admin, ct))));
        group.MapGet("/search", D(c => PageAsync(c, prefix, async (r, admin, ct) =>
        {
            var query = (string?)c.Request.Query["q"] ?? "";
            return DashboardPages.Search(r, query.Trim(), await admin.SearchAsync(query, 100, ct));
        })));
        group.MapGet("/jobs/{id:long}", D(c => PageAsync(c, prefix, async (r, admin, ct) =>
        {
            var id = RouteLong(c);
            var detail = await admin.GetJobAsync(id, ct);
            if (detail is null)
            {
                c.Response.StatusCode = StatusCodes.Status404NotFound;
                return DashboardPages.Message(r, "Not found", $"There is no job {id}.");
            }

            return DashboardPages.JobDetail(r, detail);
        })));
        group.MapGet("/recurring", D(c => PageAsync(c, prefix, async (r, admin, ct) => DashboardPages.Recurring(r, await admin.ListRecurringAsync(ct)))));
        group.MapGet("/queues", D(c => PageAsync(c, prefix, async (r, admin, ct) => DashboardPages.Queues(r, await admin.ListQueuesAsync(ct)))));
        group.MapGet("/servers", D(c => PageAsync(c, prefix, async (r, admin, ct) => DashboardPages.Servers(r, await admin.ListServersAsync(ct)))));
        group.MapGet("/audit", D(c => PageAsync(c, prefix, async (r, admin, ct) =>
            DashboardPages.Audit(r, await admin.ListAuditAsync(ParseLong(c.Request.Query["before"]), 100, ct)))));

        group.MapPost("/jobs/{id:long}/retry", D(c => ActionAsync(c, prefix, "job.retry", $"job:{RouteLong(c)}", async (r, admin, _, ct) =>
            ((await admin.RetryAsync(RouteLong(c), r.Actor, $"Replayed from the dashboard by {r.UserName}", ct)).Message, $"/jobs/{RouteLong(c)}"))));
        group.MapPost("/jobs/{id:long}/delete", D(c => ActionAsync(c, prefix, "job.delete", $"job:{RouteLong(c)}", async (r, admin, _, ct) =>
            ((await admin.DeleteAsync(RouteLong(c), r.Actor, $"Deleted from the dashboard by {r.UserName}", ct)).Message, $"/jobs/{RouteLong(c)}"))));
        group.MapPost("/jobs/retry-matching", D(c => ActionAsync(c, prefix, "jobs.retry-matching", "filter", (r, admin, form, ct) =>
            BulkAsync(form, r, ct, static (a, f, actor, reason, t) => a.RetryMatchingAsync(f, actor, reason, t), admin, "Replayed from the dashboard by", "enqueued"))));
        group.MapPost("/jobs/delete-matching", D(c => ActionAsync(c, prefix, "jobs.delete-matching", "filter", (r, admin, form, ct) =>
            BulkAsync(form, r, ct, static (a, f, actor, reason, t) => a.DeleteMatchingAsync(f, actor, reason, t), admin, "Deleted from the dashboard by", "deleted"))));
        group.MapPost("/recurring/{id}/trigger", D(c => ActionAsync(c, prefix, "recurring.trigger", $"recurring:{RouteString(c, "id")}", async (r, admin, _, ct) =>
            ((await admin.TriggerRecurringAsync(RouteString(c, "id"), r.Actor, ct)).Message, "/recurring"))));
        group.MapPost("/recurring/{id}/enable", D(c => ActionAsync(c, prefix, "recurring.enable", $"recurring:{RouteString(c, "id")}", async (r, admin, _, ct) =>
            ((await admin.SetRecurringEnabledAsync(RouteString(c, "id"), true, r.Actor, ct)).Message, "/recurring"))));
        group.MapPost("/recurring/{id}/disable", D(c => ActionAsync(c, prefix, "recurring.disable", $"recurring:{RouteString(c, "id")}", async (r, admin, _, ct) =>
            ((await admin.SetRecurringEnabledAsync(RouteString(c, "id"), false, r.Actor, ct)).Message, "/recurring"))));
        group.MapPost("/queues/{name}/pause", D(c => ActionAsync(c, prefix, "queue.pause", $"queue:{RouteString(c, "name")}", async (r, admin, _, ct) =>
            ((await admin.SetQueuePausedAsync(RouteString(c, "name"), true, r.Actor, ct)).Message, "/queues"))));
        group.MapPost("/queues/{name}/resume", D(c => ActionAsync(c, prefix, "queue.resume", $"queue:{RouteString(c, "name")}", async (r, admin, _, ct) =>
            ((await admin.SetQueuePausedAsync(RouteString(c, "name"), false, r.Actor, ct)).Message, "/queues"))));

        group.MapGet("/login", D(c => LoginPage(c, prefix, null)));
        group.MapPost("/login", D(c => LoginAsync(c, prefix)));
        group.MapPost("/logout", D(c => LogoutAsync(c, prefix)));
        return group;
    }

    // Handlers are plain RequestDelegates that execute the IResult they build, so no parameter binding (and no
    // implicit form binding with its own antiforgery expectations) gets between the request and the access checks.
    private static RequestDelegate D(Func<HttpContext, Task<IResult>> handler) => async context => await (await handler(context)).ExecuteAsync(context);

    private static RequestDelegate D(Func<HttpContext, IResult> handler) => context => handler(context).ExecuteAsync(context);

    private static long RouteLong(HttpContext context) => long.Parse((string)context.Request.RouteValues["id"]!, CultureInfo.InvariantCulture);

    private static string RouteString(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static async Task<IResult> PageAsync(HttpContext context, string prefix, Func<DashboardRequest, JobAdmin, CancellationToken, Task<string>> render)
    {
        var (request, denied) = await EnterAsync(context, prefix, write: false);
        if (request is null)
        {
            return denied!;
        }

        var admin = context.RequestServices.GetRequiredService<JobAdmin>();
        var html = await render(request, admin, context.RequestAborted);
        return HtmlResult(context, html, context.Response.StatusCode);
    }

    private static async Task<IResult> ActionAsync(
        HttpContext context, string prefix, string action, string target,
        Func<DashboardRequest, JobAdmin, IFormCollection, CancellationToken, Task<(string Message, string RedirectTo)>> run)
    {
        var (request, denied) = await EnterAsync(context, prefix, write: true);
        if (request is null)
        {
            return denied!;
        }

        if (!await IsAntiforgeryValidAsync(context))
        {
            return HtmlResult(context, DashboardPages.Message(request, "Bad request", "The form was missing its antiforgery token or the token was invalid. Reload the page and try again."), StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var admin = context.RequestServices.GetRequiredService<JobAdmin>();
        string message, redirectTo;
        try
        {
            (message, redirectTo) = await run(request, admin, form, context.RequestAborted);
        }
        catch (ArgumentException e)
        {
            return HtmlResult(context, DashboardPages.Message(request, "Bad request", e.Message), StatusCodes.Status400BadRequest);
        }

        DashboardLog.ActionDone(Logger(context), action, target, request.Actor, message);
        context.Response.Cookies.Append(FlashCookie, Uri.EscapeDataString(message), new CookieOptions
        {
            Path = request.BasePath,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(1),
        });
        // 303 so a browser refresh repeats the GET, never the action.
        return new SeeOther(request.BasePath + redirectTo);
    }

    private static async Task<string> ListAsync(HttpContext context, DashboardRequest request, JobAdmin admin, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var state = (string?)query["state"];
        if (!JobStates.IsKnown(state))
        {
            state = JobStates.Failed;
        }

        var fromText = (string?)query["from"] ?? "";
        var toText = (string?)query["to"] ?? "";
        var filter = new JobFilter(state!, Blank(query["queue"]), Blank(query["kind"]), ParseTime(fromText), ParseTime(toText));
        var before = ParseLong(query["before"]);
        var pageSize = context.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue.PageSize;
        var page = await admin.ListAsync(filter, before, pageSize, cancellationToken);
        return DashboardPages.JobList(request, filter, page, before is null, fromText, toText);
    }

    private static async Task<(string, string)> BulkAsync(
        IFormCollection form, DashboardRequest request, CancellationToken cancellationToken,
        Func<JobAdmin, JobFilter, string, string, CancellationToken, Task<int>> run, JobAdmin admin, string reasonPrefix, string verb)
    {
        // The checkbox makes a bulk action a deliberate act; the browser enforces it with `required`, we enforce it here.
        if (form["confirm"] != "yes")
        {
            throw new ArgumentException("Tick the box to confirm that every job matching the filter is meant.");
        }

        var state = (string?)form["state"] ?? "";
        var filter = new JobFilter(state, Blank(form["queue"]), Blank(form["kind"]), ParseTime(form["from"]), ParseTime(form["to"]));
        var count = await run(admin, filter, request.Actor, $"{reasonPrefix} {request.UserName}", cancellationToken);
        var back = $"/jobs?state={Html.Url(state)}&queue={Html.Url(filter.Queue)}&kind={Html.Url(filter.Kind)}&from={Html.Url(form["from"])}&to={Html.Url(form["to"])}";
        return ($"{count} job(s) {verb} ({filter.Describe()}).", back);
    }

    /// <summary>Decides whether the request may proceed; on success also prepares the antiforgery token for its forms.</summary>
    private static async Task<(DashboardRequest? Request, IResult? Denied)> EnterAsync(HttpContext context, string prefix, bool write)
    {
        SecurityHeaders(context);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue;
        var basePath = context.Request.PathBase.Add(prefix).Value!.TrimEnd('/');
        string userName;
        DashboardRole role;
        var loggedIn = false;
        if (options.Users.Count == 0)
        {
            // No users: the dashboard is as private as the machine. The check uses the connection's address,
            // which a forwarded-headers middleware sets to the real client, so a reverse proxy does not make
            // every caller look local.
            if (!IsLoopback(context.Connection.RemoteIpAddress) || IsUnprocessedProxyRequest(context.Request))
            {
                DashboardLog.RemoteRefused(Logger(context), context.Connection.RemoteIpAddress);
                return (null, Results.Text("The jobs dashboard only answers loopback requests unless Dashboard:Users is configured.", "text/plain", statusCode: StatusCodes.Status403Forbidden));
            }

            userName = "loopback";
            role = DashboardRole.Operator;
        }
        else
        {
            var user = await CurrentUserAsync(context, options);
            if (user is null)
            {
                if (write)
                {
                    return (null, Results.Text("Log in to the jobs dashboard first.", "text/plain", statusCode: StatusCodes.Status403Forbidden));
                }

                var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                return (null, Results.Redirect($"{basePath}/login?returnUrl={Html.Url(returnUrl)}"));
            }

            userName = user.Name;
            role = user.Role;
            loggedIn = true;
        }

        if (write && role != DashboardRole.Operator)
        {
            DashboardLog.ReadOnlyRefused(Logger(context), userName);
            return (null, Results.Text($"User {userName} is read-only and may not change jobs.", "text/plain", statusCode: StatusCodes.Status403Forbidden));
        }

        // Pages get a token for their forms; an action only validates the one it was sent.
        var tokens = write ? null : context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var flash = context.Request.Cookies[FlashCookie];
        if (flash is not null && !write)
        {
            context.Response.Cookies.Delete(FlashCookie, new CookieOptions { Path = basePath });
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return (new DashboardRequest(basePath, userName, role, loggedIn, tokens?.FormFieldName ?? "", tokens?.RequestToken ?? "", now, write || flash is null ? null : Uri.UnescapeDataString(flash)), null);
    }

    /// <summary>The logged-in user, re-checked against the current configuration so removing a user revokes their session.</summary>
    private static async Task<DashboardUser?> CurrentUserAsync(HttpContext context, DashboardOptions options)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.Identity?.Name is not { } name)
        {
            return null;
        }

        var user = options.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        if (user is not null)
        {
            // Antiforgery tokens are bound to the user, so the principal must be in place before they are made or checked.
            context.User = result.Principal;
        }

        return user;
    }

    private static IResult LoginPage(HttpContext context, string prefix, string? error, int errorStatus = StatusCodes.Status401Unauthorized)
    {
        SecurityHeaders(context);
        var basePath = context.Request.PathBase.Add(prefix).Value!.TrimEnd('/');
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue;
        if (options.Users.Count == 0)
        {
            return Results.Redirect($"{basePath}/");
        }

        var returnUrl = SafeReturnUrl(basePath, context.Request.HasFormContentType ? context.Request.Form["returnUrl"] : context.Request.Query["returnUrl"]);
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return HtmlResult(context, DashboardPages.Login(basePath, returnUrl, tokens.FormFieldName, tokens.RequestToken!, error), error is null ? StatusCodes.Status200OK : errorStatus);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, string prefix)
    {
        SecurityHeaders(context);
        var basePath = context.Request.PathBase.Add(prefix).Value!.TrimEnd('/');
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue;
        if (options.Users.Count == 0)
        {
            return Results.Redirect($"{basePath}/");
        }

        // Login CSRF: a forged login would act under the attacker's account in the victim's browser.
        if (!await IsAntiforgeryValidAsync(context))
        {
            return Results.Text("The login form was missing its antiforgery token or the token was invalid.", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        // Before any hashing: a refused try costs the guesser a try and us no CPU.
        var throttle = context.RequestServices.GetRequiredService<DashboardLoginThrottle>();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var wait = throttle.RetryAfter(address);
        if (wait > TimeSpan.Zero)
        {
            DashboardLog.LoginThrottled(Logger(context), context.Connection.RemoteIpAddress, wait);
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return LoginPage(context, prefix, $"Too many failed logins from your address. Try again in {Math.Ceiling(wait.TotalMinutes):0} minutes.", StatusCodes.Status429TooManyRequests);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = ((string?)form["name"] ?? "").Trim();
        var password = (string?)form["password"] ?? "";
        var user = options.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        bool matches;
        if (user is null)
        {
            // An unknown name costs as much as a wrong password, so timing does not reveal which names exist.
            _ = DashboardPasswordHasher.Verify(password, UnknownUserHash.Value);
            matches = false;
        }
        else
        {
            matches = PasswordMatches(user, password);
        }

        if (!matches || user is null)
        {
            throttle.Failed(address);
            DashboardLog.LoginFailed(Logger(context), name, context.Connection.RemoteIpAddress);
            return LoginPage(context, prefix, "Unknown name or wrong password.");
        }

        throttle.Succeeded(address);

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role.ToString())], Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        DashboardLog.LoggedIn(Logger(context), user.Name);
        return new SeeOther(SafeReturnUrl(basePath, form["returnUrl"]));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, string prefix)
    {
        SecurityHeaders(context);
        var basePath = context.Request.PathBase.Add(prefix).Value!.TrimEnd('/');
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue;
        if (options.Users.Count > 0)
        {
            await CurrentUserAsync(context, options);
        }

        if (!await IsAntiforgeryValidAsync(context))
        {
            return Results.Text("The form was missing its antiforgery token or the token was invalid.", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        await context.SignOutAsync(Scheme);
        return new SeeOther($"{basePath}/login");
    }

    private static bool PasswordMatches(DashboardUser user, string password)
    {
        if (!string.IsNullOrEmpty(user.PasswordHash))
        {
            return DashboardPasswordHasher.Verify(password, user.PasswordHash);
        }

        return user.Password is not null && DashboardPasswordHasher.VerifyClearText(password, user.Password);
    }

    private static async Task<bool> IsAntiforgeryValidAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            DashboardLog.AntiforgeryRefused(Logger(context), context.Request.Path);
            return false;
        }
    }

    // A local reverse proxy makes every caller look like loopback. When the host processes forwarding headers the
    // middleware consumes them (and sets the real client address); if they are still here, nobody did, so the
    // request came through a proxy from who knows where.
    private static bool IsUnprocessedProxyRequest(HttpRequest request) =>
        request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("Forwarded");

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    // Only paths inside the dashboard: an open redirect after login would hand the session's trust to any site.
    private static string SafeReturnUrl(string basePath, string? candidate) =>
        candidate is not null && candidate.StartsWith(basePath + "/", StringComparison.Ordinal) && !candidate.StartsWith("//", StringComparison.Ordinal) && !candidate.Contains('\\', StringComparison.Ordinal)
            ? candidate
            : basePath + "/";

    private static void SecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        // No script at all, styles inline only, forms post back to us only, and no framing (clickjacking on action buttons).
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        // Exactly what the antiforgery layer sets on pages that carry a token: anything else it overrides with a warning
        // on every page view.
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
    }

    private static IResult HtmlResult(HttpContext context, string html, int statusCode) =>
        Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode == 0 ? StatusCodes.Status200OK : statusCode);

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Connector.Jobs.Dashboard");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static long? ParseLong(string? value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;

    /// <summary>303 See Other: after a POST the browser follows with a GET, so a refresh never repeats an action.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
