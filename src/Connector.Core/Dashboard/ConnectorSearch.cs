using Connector.Core.Intake;
using Connector.Jobs;
using Connector.Leat.Contacts;

namespace Connector.Core.Dashboard;

/// <summary>
/// Search behind the dashboard page: one term (a business key <c>square:order:ORD1</c>, a bare platform id
/// <c>ORD1</c>, a Leat external id <c>square:ORD1</c>, a Hangfire job id, a webhook event id, a Leat uuid or a
/// customer email) to everything the connector holds about it. The term is widened to the ids it implies (a
/// business key's platform id, an external id's platform id) using only the registered keyed job kinds, so no
/// platform's id format is known here; the ledger rows found widen it again to their jobs.
/// </summary>
internal sealed class ConnectorSearch(LeatDispatchQueries dispatches, JobSearch jobs, JobRegistry registry, IWebhookEventSearch events)
{
    /// <summary>Longer terms are no id of ours; refusing them keeps a pasted document out of the queries.</summary>
    public const int MaxTermLength = 200;

    public const int DispatchLimit = 100;
    public const int EventLimit = 100;
    public const int JobLimit = 100;

    // Every derived id costs a job lookup and an inbox lookup; a term never implies more than a handful.
    private const int MaxDerivedTerms = 24;

    public async Task<SearchResult> SearchAsync(string term, CancellationToken ct)
    {
        term = term.Trim();
        if (term.Length is 0 or > MaxTermLength)
        {
            return SearchResult.Empty(term);
        }

        var kinds = registry.All.OfType<KeyedJobRegistration>().Select(k => k.Kind).Distinct(StringComparer.Ordinal).ToList();
        var platforms = kinds.Select(PlatformOf).Distinct(StringComparer.Ordinal).ToList();

        var foundJobs = new Dictionary<string, JobSummary>(StringComparer.Ordinal);
        var foundEvents = new Dictionary<(string, string), WebhookEventRow>();
        var searchedKeys = new HashSet<string>(StringComparer.Ordinal) { term };
        var searchedEvents = new HashSet<string>(StringComparer.Ordinal) { term };
        await AddJobsAsync(foundJobs, term, ct);
        await AddEventsAsync(foundEvents, term, ct);

        // What the term names directly (a job's key, an event's object) widens it to the platform ids behind it.
        var sourceIds = new HashSet<string>(StringComparer.Ordinal) { term };
        sourceIds.UnionWith(IdsOf(term, kinds, platforms));
        sourceIds.UnionWith(foundJobs.Values.Select(j => j.Key is null ? null : IdOfKey(j.Key, kinds)).OfType<string>());
        sourceIds.UnionWith(foundEvents.Values.Select(e => e.ObjectId).OfType<string>());
        sourceIds.UnionWith(foundEvents.Values.Select(e => e.WorkKey is null ? null : IdOfKey(e.WorkKey, kinds)).OfType<string>());

        var externalIds = new HashSet<string>(StringComparer.Ordinal) { term };
        externalIds.UnionWith(platforms.SelectMany(p => sourceIds.Select(id => $"{p}:{id}")));
        var email = term.Contains('@', StringComparison.Ordinal) ? LeatContactDirectory.Normalise(term) : null;
        var rows = await dispatches.FindAsync(externalIds, sourceIds, term, email, DispatchLimit, ct);

        // The ledger rows' platform ids name their jobs (<kind>:<id>) and their webhook events (object id).
        sourceIds.UnionWith(rows.Select(r => r.SourceId).OfType<string>());
        var keys = sourceIds.SelectMany(id => kinds.Select(kind => $"{kind}:{id}")).ToList();
        foreach (var key in keys.Where(searchedKeys.Add).Take(MaxDerivedTerms))
        {
            await AddJobsAsync(foundJobs, key, ct);
        }

        var eventTerms = sourceIds.Concat(foundJobs.Values.Select(j => j.Key).OfType<string>());
        foreach (var eventTerm in eventTerms.Where(searchedEvents.Add).Take(MaxDerivedTerms))
        {
            await AddEventsAsync(foundEvents, eventTerm, ct);
        }

        return new SearchResult(
            term,
            rows,
            foundEvents.Values.OrderByDescending(e => e.ReceivedAt).ThenBy(e => e.EventId, StringComparer.Ordinal).Take(EventLimit).ToList(),
            foundJobs.Values.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal).Take(JobLimit).ToList());
    }

    private async Task AddJobsAsync(Dictionary<string, JobSummary> found, string keyOrId, CancellationToken ct)
    {
        foreach (var job in await jobs.FindAsync(keyOrId, JobLimit, ct))
        {
            found.TryAdd(job.Id, job);
        }
    }

    private async Task AddEventsAsync(Dictionary<(string, string), WebhookEventRow> found, string term, CancellationToken ct)
    {
        foreach (var row in await events.FindAsync(term, EventLimit, ct))
        {
            found.TryAdd((row.Platform, row.EventId), row);
        }
    }

    /// <summary>A kind's platform: <c>square:order</c> → <c>square</c>.</summary>
    private static string PlatformOf(string kind) => kind.Split(':', 2)[0];

    /// <summary>The platform id in a business key of a registered kind: <c>square:order:ORD1</c> → <c>ORD1</c>.</summary>
    private static string? IdOfKey(string key, IEnumerable<string> kinds) =>
        kinds.Where(k => key.Length > k.Length + 1 && key.StartsWith(k + ":", StringComparison.Ordinal))
            .Select(k => key[(k.Length + 1)..])
            .FirstOrDefault();

    /// <summary>
    /// The platform ids <paramref name="term"/> implies: a business key's (<c>square:order:ORD1</c> → <c>ORD1</c>), or
    /// an external id's first segment after the platform (<c>square:ORD1</c>, a return's <c>square:RET1:uid</c> → <c>RET1</c>).
    /// </summary>
    private static IEnumerable<string> IdsOf(string term, IReadOnlyList<string> kinds, IReadOnlyList<string> platforms)
    {
        if (IdOfKey(term, kinds) is { } keyed)
        {
            yield return keyed;
            yield break;
        }

        foreach (var platform in platforms.Where(p => term.Length > p.Length + 1 && term.StartsWith(p + ":", StringComparison.Ordinal)))
        {
            yield return term[(platform.Length + 1)..].Split(':', 2)[0];
        }
    }
}
