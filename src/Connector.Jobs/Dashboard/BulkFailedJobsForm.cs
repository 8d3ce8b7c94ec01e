using System.Globalization;

namespace Connector.Jobs.Dashboard;

/// <summary>The bulk page's filter as form or query fields, both ways; the GET (count) and the POST (run) share it.</summary>
internal static class BulkFailedJobsForm
{
    public const string Type = "type";
    public const string Queue = "queue";
    public const string Exception = "exception";
    public const string From = "from";
    public const string To = "to";

    /// <summary>
    /// Reads the filter; <paramref name="error"/> names a field that does not parse (a time range that silently
    /// dropped a bound would act on more jobs than meant).
    /// </summary>
    public static FailedJobsFilter Parse(Func<string, string?> field, out string? error)
    {
        error = null;
        var from = ParseTime(field(From), From, ref error);
        var to = ParseTime(field(To), To, ref error);
        return new FailedJobsFilter(Blank(field(Type)), Blank(field(Queue)), Blank(field(Exception)), from, to);
    }

    public static string ToQuery(FailedJobsFilter filter)
    {
        var parts = new List<string>();
        Add(parts, Type, filter.JobType);
        Add(parts, Queue, filter.Queue);
        Add(parts, Exception, filter.ExceptionText);
        Add(parts, From, Format(filter.FailedFrom));
        Add(parts, To, Format(filter.FailedTo));
        return string.Join('&', parts);
    }

    /// <summary>The form's text for a time: what a <c>datetime-local</c> input shows and sends back (UTC).</summary>
    public static string Format(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    private static DateTime? ParseTime(string? text, string name, ref string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        error ??= $"'{text}' in '{name}' is not a time; use e.g. 2026-11-22T14:00 (UTC).";
        return null;
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
