using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Connector.Jobs.Dashboard;

/// <summary>The checks shared by the login endpoints and the access middleware.</summary>
internal static class DashboardSecurity
{
    /// <summary>The cookie authentication scheme; its own name so it never clashes with the host's schemes.</summary>
    public const string Scheme = "ConnectorJobsDashboard";

    /// <summary>
    /// Loopback, and not through an unprocessed proxy. The check uses the connection's address, which a
    /// forwarded-headers middleware sets to the real client; if forwarding headers are still present nobody
    /// processed them, so a local reverse proxy would otherwise make every caller look local.
    /// </summary>
    public static bool IsLocal(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        var loopback = address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        return loopback && !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");
    }

    /// <summary>The logged-in user, re-checked against the current configuration so removing a user revokes their session.</summary>
    public static async Task<DashboardUser?> AuthenticateAsync(HttpContext context, DashboardOptions options)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.Identity?.Name is not { } name)
        {
            return null;
        }

        var user = options.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        if (user is not null)
        {
            // Antiforgery tokens are bound to the user, so the principal must be in place before Hangfire makes or checks one.
            context.User = result.Principal;
        }

        return user;
    }

    public static void ApplyHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        // Hangfire's pages need their own scripts and styles, so no script ban as in the old pages; but no framing
        // (clickjacking on action buttons), forms post back to us only, and no <base> rewriting.
        headers.ContentSecurityPolicy = "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }
}
