using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// A tiny HTML builder. Everything that is not a literal of this assembly goes through <see cref="Text(string?)"/> or
/// an attribute helper, which HTML-encode it: job arguments, errors and exception texts are untrusted input.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _builder = new();

    public Html Raw(string trustedMarkup)
    {
        _builder.Append(trustedMarkup);
        return this;
    }

    public Html Text(string? untrusted)
    {
        _builder.Append(HtmlEncoder.Default.Encode(untrusted ?? ""));
        return this;
    }

    public Html Text(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public Html Element(string tag, string? untrusted, string? cssClass = null)
    {
        _builder.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _builder.Append(" class=\"").Append(cssClass).Append('"');
        }

        _builder.Append('>');
        Text(untrusted);
        return Raw($"</{tag}>");
    }

    public Html Link(string href, string? untrustedText, string? cssClass = null)
    {
        _builder.Append("<a href=\"").Append(Attribute(href)).Append('"');
        if (cssClass is not null)
        {
            _builder.Append(" class=\"").Append(cssClass).Append('"');
        }

        _builder.Append('>');
        Text(untrustedText);
        return Raw("</a>");
    }

    public Html Hidden(string name, string? untrustedValue)
    {
        if (string.IsNullOrEmpty(untrustedValue))
        {
            return this;
        }

        return Raw($"<input type=\"hidden\" name=\"{Attribute(name)}\" value=\"{Attribute(untrustedValue)}\">");
    }

    public Html Time(DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is not { } at)
        {
            return Raw("<span class=\"muted\">–</span>");
        }

        var utc = at.UtcDateTime;
        Raw($"<time datetime=\"{utc:O}\" title=\"{utc:O}\">{utc:yyyy-MM-dd HH:mm:ss}Z</time>");
        return Raw($" <span class=\"muted\">({Ago(now - at)})</span>");
    }

    public static string Attribute(string? untrusted) => HtmlEncoder.Default.Encode(untrusted ?? "");

    public static string Url(string? untrusted) => UrlEncoder.Default.Encode(untrusted ?? "");

    public static string Ago(TimeSpan span)
    {
        var future = span < TimeSpan.Zero;
        var abs = span.Duration();
        var text = abs.TotalSeconds < 60 ? $"{(int)abs.TotalSeconds}s"
            : abs.TotalMinutes < 60 ? $"{(int)abs.TotalMinutes}m"
            : abs.TotalHours < 48 ? $"{(int)abs.TotalHours}h"
            : $"{(int)abs.TotalDays}d";
        return future ? $"in {text}" : $"{text} ago";
    }

    public override string ToString() => _builder.ToString();
}
