using System.Net;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Base for our own pages inside Hangfire's dashboard: same layout and navigation, no Razor compilation. Override
/// <see cref="Render"/> and write with <see cref="Text"/> (always HTML-encoded, for every value that is not a
/// literal of your code) and <see cref="Literal"/> (trusted markup only). Register the page with
/// <see cref="JobsDashboardPages.Add"/>. Forms that POST must include <see cref="AntiforgeryField"/>; Hangfire
/// refuses a POST without it (403).
/// </summary>
public abstract class ConnectorDashboardPage : RazorPage
{
    /// <param name="title">The page's title (browser tab and layout), plain text.</param>
    protected ConnectorDashboardPage(string title)
    {
        Title = title;
    }

    /// <summary>The page's title.</summary>
    public string Title { get; }

    /// <summary>The ASP.NET Core request behind this page.</summary>
    protected HttpContext HttpContext => Context.GetHttpContext();

    /// <summary>True when the caller may change jobs (the <c>Operator</c> role, or loopback without users).</summary>
    protected bool CanOperate => !IsReadOnly;

    /// <inheritdoc />
    public sealed override void Execute()
    {
        Layout = new LayoutPage(Title);
        Render();
    }

    /// <summary>Writes the page's body (inside Hangfire's layout).</summary>
    protected abstract void Render();

    /// <summary>Writes trusted markup as is: only literals of your own code.</summary>
    protected void Literal(string trustedMarkup) => WriteLiteral(trustedMarkup);

    /// <summary>Writes <paramref name="value"/> HTML-encoded (also safe inside a quoted attribute).</summary>
    protected void Text(object? value) => WriteLiteral(WebUtility.HtmlEncode(value?.ToString() ?? ""));

    /// <summary>A link to <paramref name="relativePath"/> below the dashboard's prefix, encoded for an attribute.</summary>
    protected string Href(string relativePath) => WebUtility.HtmlEncode(Url.To(relativePath));

    /// <summary>Writes the hidden antiforgery input a POST form needs.</summary>
    protected void AntiforgeryField()
    {
        var services = HttpContext.RequestServices;
        var field = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
        // Hangfire made and stored the token set for this request already; this returns the same one.
        var token = Context.AntiforgeryToken ?? services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(HttpContext).RequestToken;
        Literal($"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(field)}\" value=\"{WebUtility.HtmlEncode(token)}\">");
    }
}
