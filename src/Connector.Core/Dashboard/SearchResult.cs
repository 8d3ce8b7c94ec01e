using Connector.Core.Intake;
using Connector.Jobs;

namespace Connector.Core.Dashboard;

/// <summary>What Search found for one term: ledger rows, webhook events and Hangfire jobs, each newest first.</summary>
internal sealed record SearchResult(
    string Term,
    IReadOnlyList<DispatchRow> Dispatches,
    IReadOnlyList<WebhookEventRow> Events,
    IReadOnlyList<JobSummary> Jobs)
{
    public static SearchResult Empty(string term) => new(term, [], [], []);
}
