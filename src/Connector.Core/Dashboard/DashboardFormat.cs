using System.Globalization;

namespace Connector.Core.Dashboard;

/// <summary>How the connector's pages write values: invariant, UTC, and a dash for nothing.</summary>
internal static class DashboardFormat
{
    public const string None = "–";

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : None;

    public static string Time(DateTime? at) =>
        at is { } value ? Time(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc))) : None;

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? None;

    /// <summary>The link to Search for <paramref name="term"/>, below the dashboard prefix.</summary>
    public static string SearchPath(string term) => $"{SearchPage.Route}?q={Uri.EscapeDataString(term)}";
}
