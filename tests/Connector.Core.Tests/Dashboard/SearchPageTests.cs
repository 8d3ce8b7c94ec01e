using System.Net;
using System.Text.RegularExpressions;

namespace Connector.Core.Tests.Dashboard;

/// <summary>The dashboard's Search page over HTTP against a real database: what it finds for each kind of term, escaping, roles.</summary>
public sealed partial class SearchPageTests : IAsyncLifetime
{
    private const string Leat422 = "Leat answered 422: The contact.uuid field must be a valid UUID.";

    private PagesHost _host = null!;
    private string _jobId = "";

    public async Task InitializeAsync()
    {
        _host = await PagesHost.StartAsync(new Dictionary<string, string?>
        {
            ["Dashboard:Users:0:Name"] = "viewer",
            ["Dashboard:Users:0:Password"] = "viewer-secret",
            ["Dashboard:Users:0:Role"] = "ReadOnly",
        });
        await _host.ExecuteAsync("INSERT INTO leat.contact (email, uuid) VALUES ('ada@example.com', 'c0ffee00-0000-4000-8000-000000000001')");
        await _host.ExecuteAsync(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, source_ids, status, requested_hash, payload, attempts, last_error, created_at, updated_at)
            VALUES ('order', 'square:ORD1', 'square', '{"source_id": "ORD1"}', 'failed', 'h1',
                    '{"contact": {"uuid": "c0ffee00-0000-4000-8000-000000000001"}, "reference": "<script>alert(1)</script>"}', 1, @error,
                    '2026-01-02T10:00:00Z', '2026-01-02T10:00:05Z')
            """,
            ("error", Leat422));
        await _host.ExecuteAsync(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, source_ids, order_external_id, status, requested_hash, skip_reason, attempts, created_at, updated_at)
            VALUES ('return', 'square:RET1:R1', 'square', '{"source_id": "RET1", "also": ["REFUND1"]}', 'square:ORD1', 'skipped', 'h2',
                    'Its order square:ORD1 has not reached Leat.', 1, '2026-01-03T10:00:00Z', '2026-01-03T10:00:00Z')
            """);
        await _host.ExecuteAsync(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, source_ids, status, requested_hash, attempts, created_at, updated_at)
            VALUES ('order', 'square:OTHER', 'square', '{"source_id": "OTHER"}', 'succeeded', 'h3', 1, now(), now())
            """);
        await _host.ExecuteAsync(
            """
            INSERT INTO intake.webhook_inbox (platform, event_id, account_id, event_type, object_type, object_id, received_at, body, work_key)
            VALUES ('square', 'EVT-1', 'M1', 'order.updated', 'order', 'ORD1', '2026-01-02T09:59:58Z', '{}', 'square:order:ORD1')
            """);
        _jobId = await _host.CreateFailedOrderJobAsync("ORD1", Leat422);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("square:order:ORD1")]
    [InlineData("ORD1")]
    [InlineData("square:ORD1")]
    [InlineData("  Ada@Example.com ")]
    [InlineData("EVT-1")]
    public async Task Search_shows_the_ledger_row_the_event_and_the_failed_job_linked_to_Hangfire_when_given_any_id_of_the_order(string term)
    {
        var html = await GetLoggedInAsync($"/hangfire/search?q={Uri.EscapeDataString(term)}");

        Assert.Contains($"<a href=\"/hangfire/jobs/details/{_jobId}\">#{_jobId}</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"search-job-state\"><span class=\"label label-danger\">Failed</span></td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"search-job-error\">{WebUtility.HtmlEncode(Leat422)}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>order</strong> <code>square:ORD1</code> <span class=\"label label-danger\">failed</span>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>return</strong> <code>square:RET1:R1</code>", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"col-sm-2\">Skip reason</th><td>Its order square:ORD1 has not reached Leat.</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td><code>EVT-1</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"search-jobs\">Hangfire jobs (1)</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"search-events\">Webhook events (1)</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"search-dispatches\">Leat dispatches (2)</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("square:OTHER", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_a_return_by_an_id_it_is_also_known_as_such_as_its_Square_refund()
    {
        var html = await GetLoggedInAsync("/hangfire/search?q=REFUND1");

        Assert.Contains("<strong>return</strong> <code>square:RET1:R1</code>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"search-dispatches\">Leat dispatches (1)</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("square:OTHER", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_a_job_by_its_Hangfire_id_and_brings_its_ledger_row()
    {
        var html = await GetLoggedInAsync($"/hangfire/search?q={_jobId}");

        Assert.Contains($"<a href=\"/hangfire/jobs/details/{_jobId}\">#{_jobId}</a>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>order</strong> <code>square:ORD1</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_renders_a_payload_holding_a_script_tag_escaped_inside_a_collapsed_block()
    {
        var html = await GetLoggedInAsync("/hangfire/search?q=square%3AORD1");

        Assert.Contains("&quot;reference&quot;: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Matches(PayloadBlock(), html);
    }

    [Fact]
    public async Task Search_echoes_a_term_with_markup_escaped_when_nothing_matches()
    {
        var html = await GetLoggedInAsync("/hangfire/search?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");

        Assert.Contains("<div class=\"alert alert-info\" id=\"search-nothing\">Nothing found for &quot;&lt;img src=x onerror=alert(1)&gt;&quot;.</div>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;img src=x onerror=alert(1)&gt;\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_is_in_the_navigation_and_open_to_a_read_only_user()
    {
        using var client = await LoginAsync("viewer", "viewer-secret");

        using var response = await client.GetAsync(new Uri($"{_host.BaseUrl}/hangfire/search?q=ORD1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"/hangfire/search\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/hangfire/leat/dispatches\">", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/hangfire/jobs/details/{_jobId}\">#{_jobId}</a>", html, StringComparison.Ordinal);
        Assert.Contains("Log out viewer", html, StringComparison.Ordinal);
    }

    private async Task<string> GetLoggedInAsync(string path)
    {
        using var client = await LoginAsync("viewer", "viewer-secret");
        using var response = await client.GetAsync(new Uri(_host.BaseUrl + path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Logs in through the login form as a browser would (antiforgery cookie and field).</summary>
    private async Task<HttpClient> LoginAsync(string name, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var form = await client.GetStringAsync(new Uri($"{_host.BaseUrl}/hangfire/login"));
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the login form has an antiforgery field");
        using var login = await client.PostAsync(new Uri($"{_host.BaseUrl}/hangfire/login"), new FormUrlEncodedContent(
        [
            new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)),
            new("name", name),
            new("password", password),
        ]));
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        return client;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<details><summary>Show</summary><pre>\\{[^<]*&quot;contact&quot;")]
    private static partial Regex PayloadBlock();
}
