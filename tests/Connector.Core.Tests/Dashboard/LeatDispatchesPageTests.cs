using System.Net;
using System.Text.RegularExpressions;

namespace Connector.Core.Tests.Dashboard;

/// <summary>The Leat dispatches page over HTTP against a real database: lists by status, newest first, keyset paging.</summary>
public sealed partial class LeatDispatchesPageTests : IAsyncLifetime
{
    private PagesHost _host = null!;

    public async Task InitializeAsync() => _host = await PagesHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Leat_dispatches_lists_failed_rows_newest_first_and_pages_through_all_of_them_by_keyset()
    {
        // 60 failed orders a minute apart (ORD00 oldest), and one succeeded that must not show.
        await _host.ExecuteAsync(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, status, requested_hash, attempts, last_error, created_at, updated_at)
            SELECT 'order', 'square:ORD' || lpad(n::text, 2, '0'), 'square', 'failed', 'h', 2, 'Leat answered 422: no',
                   timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute', timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute'
              FROM generate_series(0, 59) AS n
            """);
        await _host.ExecuteAsync("INSERT INTO leat.dispatch (kind, external_id, platform, status, requested_hash) VALUES ('order', 'square:DONE', 'square', 'succeeded', 'h')");
        using var http = new HttpClient();

        var first = await http.GetStringAsync(new Uri($"{_host.BaseUrl}/hangfire/leat/dispatches?status=failed"));
        var next = NextLink().Match(first);
        var second = await http.GetStringAsync(new Uri(_host.BaseUrl + WebUtility.HtmlDecode(next.Groups[1].Value)));

        var firstIds = ExternalIds(first);
        Assert.Equal(50, firstIds.Count);
        Assert.Equal("square:ORD59", firstIds[0]);
        Assert.Equal("square:ORD10", firstIds[^1]);
        Assert.Contains("<td>2026-01-01 00:59:00 UTC</td><td>order</td><td><a href=\"/hangfire/search?q=square%3AORD59\">square:ORD59</a></td><td>failed</td><td>2</td><td>–</td><td>–</td><td>Leat answered 422: no</td>", first, StringComparison.Ordinal);
        Assert.True(next.Success, "the first page links to the next");
        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(n => $"square:ORD{n:00}"), ExternalIds(second));
        Assert.DoesNotMatch(NextLink(), second);
        Assert.Contains("<a id=\"dispatch-first\" class=\"btn btn-link\" href=\"/hangfire/leat/dispatches?status=failed\">Newest</a>", second, StringComparison.Ordinal);
        Assert.DoesNotContain("square:DONE", first + second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leat_dispatches_shows_skipped_rows_with_their_reason_and_drift_by_when_it_was_seen()
    {
        await _host.ExecuteAsync(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, status, requested_hash, skip_reason, attempts, updated_at)
            VALUES ('order', 'square:NOMAIL', 'square', 'skipped', 'h', 'Order square:NOMAIL has no customer email and the missing-email policy is Skip.', 1, '2026-02-01T08:00:00Z')
            """);
        await _host.ExecuteAsync(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, status, requested_hash, attempts, points, new_balance, drift_hash, drift_payload, drift_at, updated_at)
            VALUES ('order', 'square:DRIFT', 'square', 'succeeded', 'h', 1, 32, 120, 'h2', '{}', '2026-02-03T09:30:00Z', '2026-02-01T08:00:00Z')
            """);
        using var http = new HttpClient();

        var skipped = await http.GetStringAsync(new Uri($"{_host.BaseUrl}/hangfire/leat/dispatches?status=skipped"));
        var drift = await http.GetStringAsync(new Uri($"{_host.BaseUrl}/hangfire/leat/dispatches?status=drift"));
        var inFlight = await http.GetStringAsync(new Uri($"{_host.BaseUrl}/hangfire/leat/dispatches?status=in_flight"));

        Assert.Contains("<td><a href=\"/hangfire/search?q=square%3ANOMAIL\">square:NOMAIL</a></td><td>skipped</td><td>1</td><td>–</td><td>–</td><td>Order square:NOMAIL has no customer email and the missing-email policy is Skip.</td>", skipped, StringComparison.Ordinal);
        Assert.Contains("<th>Drift seen</th>", drift, StringComparison.Ordinal);
        Assert.Contains("<td>2026-02-03 09:30:00 UTC</td><td>order</td><td><a href=\"/hangfire/search?q=square%3ADRIFT\">square:DRIFT</a></td><td>succeeded</td><td>1</td><td>32</td><td>120</td>", drift, StringComparison.Ordinal);
        Assert.Equal(["square:DRIFT"], ExternalIds(drift));
        Assert.Contains("<div class=\"alert alert-info\" id=\"dispatch-none\">No dispatches are in flight.</div>", inFlight, StringComparison.Ordinal);
    }

    private static List<string> ExternalIds(string html) =>
        RowLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<tr class=\"dispatch-row\"><td>[^<]*</td><td>[^<]*</td><td><a href=\"[^\"]*\">([^<]+)</a>")]
    private static partial Regex RowLink();

    [GeneratedRegex("<a id=\"dispatch-next\" class=\"btn btn-default\" href=\"([^\"]+)\">Older</a>")]
    private static partial Regex NextLink();
}
