using System.Globalization;

namespace Connector.Core.Dashboard;

/// <summary>
/// Where a page of the Leat dispatches list ends: the row's list time (UTC ticks) and id, written <c>ticks-id</c>.
/// Keyset paging, so a page deep in a long list costs what the first one costs and rows arriving meanwhile do not
/// shift it. Only digits travel in the link, so a crafted cursor cannot put anything on the page.
/// </summary>
internal readonly record struct DispatchCursor(DateTimeOffset At, long Id)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}-{Id}");

    public static DispatchCursor? Parse(string? value)
    {
        var dash = value?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !long.TryParse(value!.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(value!.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        return new DispatchCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
    }
}
