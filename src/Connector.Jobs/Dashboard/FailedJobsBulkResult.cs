namespace Connector.Jobs.Dashboard;

/// <summary>
/// The outcome of a bulk action: <see cref="Matched"/> jobs met the filter when scanned; <see cref="ChangedIds"/> are
/// those actually changed. The two differ only when a matched job left the Failed state in between (someone retried
/// or deleted it), which the state guard detects.
/// </summary>
public sealed record FailedJobsBulkResult(int Matched, IReadOnlyList<string> ChangedIds)
{
    public int Changed => ChangedIds.Count;
}
