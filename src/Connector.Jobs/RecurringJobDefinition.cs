namespace Connector.Jobs;

/// <summary>
/// A cron schedule that enqueues a job of <paramref name="Kind"/>. The cron has five fields, or six with seconds first.
/// Missed slots are skipped, and a slot is skipped while the previous run is still unfinished.
/// </summary>
public sealed record RecurringJobDefinition(string Id, string Kind, string Cron)
{
    /// <summary>The arguments, serialised to JSON; an empty object when null.</summary>
    public object? Args { get; init; }

    /// <summary>The queue the jobs go to.</summary>
    public string Queue { get; init; } = "default";
}
