namespace Connector.Jobs.Admin;

/// <summary>
/// Which jobs a list or a bulk action covers: one state, optionally one queue and one kind, and a window
/// on <c>created_at</c> (<paramref name="From"/> inclusive, <paramref name="To"/> exclusive).
/// </summary>
public sealed record JobFilter(string State, string? Queue = null, string? Kind = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>A short human description, used as the audit log target of bulk actions.</summary>
    public string Describe()
    {
        var parts = new List<string> { $"state={State}" };
        if (!string.IsNullOrEmpty(Queue))
        {
            parts.Add($"queue={Queue}");
        }

        if (!string.IsNullOrEmpty(Kind))
        {
            parts.Add($"kind={Kind}");
        }

        if (From is { } from)
        {
            parts.Add($"from={from.UtcDateTime:O}");
        }

        if (To is { } to)
        {
            parts.Add($"to={to.UtcDateTime:O}");
        }

        return string.Join(' ', parts);
    }
}
