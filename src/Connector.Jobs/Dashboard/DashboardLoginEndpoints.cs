using System.Globalization;
using System.Security.Claims;
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
/// Log in and log out, outside Hangfire (its pages need an admitted caller). Both forms carry an antiforgery token:
/// a forged login would act under the attacker's account in the victim's browser, a forged logout is a nuisance.
/// </summary>
internal static class DashboardLoginEndpoints
{
    private static readonly Lazy<string> UnknownUserHash = new(() => DashboardPasswordHasher.Hash(Guid.NewGuid().ToString()));

    public static void Map(RouteGroupBuilder group, string prefix)
    {
        // Plain RequestDelegates: no parameter binding (and no implicit form binding with its own antiforgery
        // expectations) gets between the request and the checks.
        group.MapGet("/login", context => LoginPageAsync(context, prefix, null, StatusCodes.Status200OK));
        group.MapPost("/login", context => LoginAsync(context, prefix));
        group.MapGet("/logout", context => LogoutPageAsync(context, prefix));
        group.MapPost("/logout", context => LogoutAsync(context, prefix));
    }

    public static string BasePath(HttpContext context, string prefix) => context.Request.PathBase.Add(prefix).Value!.TrimEnd('/');

    private static Task LoginPageAsync(HttpContext context, string prefix, string? error, int status)
    {
        var basePath = BasePath(context, prefix);
        if (Options(context).Users.Count == 0)
        {
            context.Response.Redirect(basePath + "/");
            return Task.CompletedTask;
        }

        var returnUrl = SafeReturnUrl(basePath, context.Request.HasFormContentType ? context.Request.Form["returnUrl"] : context.Request.Query["returnUrl"]);
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var html = new Html()
            .Raw("<h1>Returns Connector · jobs</h1>");
        if (error is not null)
        {
            html.Element("p", error, "error");
        }

        html.Raw($"<form method=\"post\" action=\"{Html.Attribute(basePath + "/login")}\">")
            .Hidden(tokens.FormFieldName, tokens.RequestToken)
            .Hidden("returnUrl", returnUrl)
            .Raw("<label>Name <input name=\"name\" autocomplete=\"username\" required autofocus></label>")
            .Raw("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
            .Raw("<button type=\"submit\">Log in</button></form>");
        return PageAsync(context, "Log in", html, status);
    }

    private static async Task LoginAsync(HttpContext context, string prefix)
    {
        var basePath = BasePath(context, prefix);
        var options = Options(context);
        if (options.Users.Count == 0)
        {
            context.Response.Redirect(basePath + "/");
            return;
        }

        if (!await IsAntiforgeryValidAsync(context))
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, "The login form was missing its antiforgery token or the token was invalid.");
            return;
        }

        // Before any hashing: a refused try costs the guesser a try and us no CPU.
        var throttle = context.RequestServices.GetRequiredService<DashboardLoginThrottle>();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var wait = throttle.RetryAfter(address);
        if (wait > TimeSpan.Zero)
        {
            DashboardLog.LoginThrottled(Logger(context), context.Connection.RemoteIpAddress, wait);
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await LoginPageAsync(context, prefix, $"Too many failed logins from your address. Try again in {Math.Ceiling(wait.TotalMinutes):0} minutes.", StatusCodes.Status429TooManyRequests);
            return;
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
            await LoginPageAsync(context, prefix, "Unknown name or wrong password.", StatusCodes.Status401Unauthorized);
            return;
        }

        throttle.Succeeded(address);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role.ToString())], DashboardSecurity.Scheme);
        await context.SignInAsync(DashboardSecurity.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        DashboardLog.LoggedIn(Logger(context), user.Name);
        SeeOther(context, SafeReturnUrl(basePath, form["returnUrl"]));
    }

    private static async Task LogoutPageAsync(HttpContext context, string prefix)
    {
        var basePath = BasePath(context, prefix);
        var options = Options(context);
        if (options.Users.Count == 0 || await DashboardSecurity.AuthenticateAsync(context, options) is null)
        {
            context.Response.Redirect(basePath + "/");
            return;
        }

        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var html = new Html()
            .Raw("<h1>Returns Connector · jobs</h1>")
            .Element("p", $"Logged in as {context.User.Identity?.Name}.")
            .Raw($"<form method=\"post\" action=\"{Html.Attribute(basePath + "/logout")}\">")
            .Hidden(tokens.FormFieldName, tokens.RequestToken)
            .Raw("<button type=\"submit\">Log out</button></form>")
            .Link(basePath + "/", "Back to the dashboard");
        await PageAsync(context, "Log out", html, StatusCodes.Status200OK);
    }

    private static async Task LogoutAsync(HttpContext context, string prefix)
    {
        var options = Options(context);
        if (options.Users.Count > 0)
        {
            // The token is bound to the logged-in user, so the principal must be known before it is checked.
            await DashboardSecurity.AuthenticateAsync(context, options);
        }

        if (!await IsAntiforgeryValidAsync(context))
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, "The form was missing its antiforgery token or the token was invalid.");
            return;
        }

        await context.SignOutAsync(DashboardSecurity.Scheme);
        SeeOther(context, BasePath(context, prefix) + "/login");
    }

    private static bool PasswordMatches(DashboardUser user, string password) =>
        !string.IsNullOrEmpty(user.PasswordHash)
            ? DashboardPasswordHasher.Verify(password, user.PasswordHash)
            : user.Password is not null && DashboardPasswordHasher.VerifyClearText(password, user.Password);

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

    // Only paths inside the dashboard: an open redirect after login would hand the session's trust to any site.
    private static string SafeReturnUrl(string basePath, string? candidate) =>
        candidate is not null && (candidate == basePath || candidate.StartsWith(basePath + "/", StringComparison.Ordinal))
            && !candidate.StartsWith("//", StringComparison.Ordinal) && !candidate.Contains('\\', StringComparison.Ordinal)
            ? candidate
            : basePath + "/";

    private static Task PageAsync(HttpContext context, string title, Html body, int status)
    {
        DashboardSecurity.ApplyHeaders(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        // No script on these pages at all.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        var page = new Html()
            .Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"none\"><title>")
            .Text(title)
            .Raw(" – Returns Connector · jobs</title><style>")
            .Raw("body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;color:#333}label{display:block;margin:.75rem 0}")
            .Raw("input{display:block;width:100%;padding:.4rem;box-sizing:border-box}button{padding:.4rem 1rem;margin:.5rem 0}.error{color:#a94442}")
            .Raw("</style></head><body>")
            .Raw(body.ToString())
            .Raw("</body></html>");
        return context.Response.WriteAsync(page.ToString());
    }

    private static Task PlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }

    private static void SeeOther(HttpContext context, string location)
    {
        // 303: after a POST the browser follows with a GET, so a refresh never repeats the POST.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    private static DashboardOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue;

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Connector.Jobs.Dashboard");
}
