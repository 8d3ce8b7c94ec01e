namespace Connector.Core.Dashboard;

/// <summary>The lists of the Leat dispatches page: a ledger status, or <see cref="Drift"/> (succeeded rows asked again with another payload).</summary>
internal static class DispatchStatusFilter
{
    public const string Drift = "drift";

    /// <summary>In the order of the page's tabs: what needs a look first.</summary>
    public static readonly IReadOnlyList<string> All = ["failed", "skipped", Drift, "in_flight", "pending", "succeeded"];

    public static bool IsKnown(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);
}
