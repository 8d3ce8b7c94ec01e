using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Connector.Http;
using Connector.Platforms.Square.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// Typed <see cref="HttpClient"/> for the Square reads. Auth and headers live in <see cref="SquareAuthHandler"/>; this
/// class shapes requests, maps answers and errors, and retries transient failures.
/// </summary>
public sealed class SquareClient : ISquareClient
{
    /// <summary>Square's limit on ids per BatchRetrieveOrders call.</summary>
    public const int MaxBatchOrderIds = 100;

    /// <summary>Square's limit on location ids per SearchOrders call.</summary>
    public const int MaxSearchLocationIds = 10;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly ResiliencePropertyKey<string> LogMethodKey = new("Connector.Square.Method");
    private static readonly ResiliencePropertyKey<string> LogPathKey = new("Connector.Square.Path");

    private readonly HttpClient http;
    private readonly SquareClientOptions options;
    private readonly ILogger<SquareClient> logger;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline retry;

    public SquareClient(HttpClient http, IOptions<SquareClientOptions> options, ILogger<SquareClient> logger, TimeProvider time)
    {
        this.http = http;
        this.options = options.Value;
        this.logger = logger;
        this.time = time;
        retry = BuildRetry(this.options, logger, time);
    }

    public async Task<SquareOrder> RetrieveOrderAsync(string orderId, CancellationToken ct = default)
    {
        var path = $"v2/orders/{SquarePathId.Segment("order id", orderId)}";
        var response = await SendAsync(HttpMethod.Get, path, path, null, SquareJsonContext.Default.SquareRetrieveOrderResponse, notFoundIsNull: false, ct);
        return response!.Order ?? throw Malformed(HttpMethod.Get, path, "the answer has no order");
    }

    public async Task<IReadOnlyList<SquareOrder>> BatchRetrieveOrdersAsync(string? locationId, IEnumerable<string> orderIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        const string path = "v2/orders/batch-retrieve";
        var orders = new List<SquareOrder>();
        foreach (var chunk in orderIds.Distinct(StringComparer.Ordinal).Chunk(MaxBatchOrderIds))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new SquareBatchRetrieveOrdersRequest { LocationId = locationId, OrderIds = chunk },
                SquareJsonContext.Default.SquareBatchRetrieveOrdersRequest);
            var response = await SendAsync(HttpMethod.Post, path, path, body, SquareJsonContext.Default.SquareBatchRetrieveOrdersResponse, notFoundIsNull: false, ct);

            // Square may answer 200 with orders and errors side by side; the orders are good, the errors worth a warning.
            if (response!.Errors is { Count: > 0 } errors)
            {
                SquareClientLog.PartialErrors(logger, HttpMethod.Post.Method, path, 200, Codes(errors));
            }

            orders.AddRange(response.Orders ?? []);
        }

        return orders;
    }

    public async Task<SquareOrdersPage> SearchOrdersAsync(
        IReadOnlyList<string> locationIds,
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        string? cursor,
        int? limit = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(locationIds);
        if (locationIds.Count == 0)
        {
            throw new ArgumentException("At least one Square location id is needed to search orders.", nameof(locationIds));
        }

        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Square's SearchOrders limit is 1–1000.");
        }

        // Up to 10 locations: Square's own cursor, verbatim. More: "<group>:<Square cursor>", so one opaque cursor
        // walks the groups in turn; the group number is digits, so splitting at the first ':' is unambiguous.
        var groups = locationIds.Chunk(MaxSearchLocationIds).ToArray();
        var group = 0;
        var squareCursor = cursor;
        if (groups.Length > 1 && cursor is not null)
        {
            var colon = cursor.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !int.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out group)
                || group >= groups.Length)
            {
                throw new ArgumentException($"'{cursor}' is not a cursor of a search over these {locationIds.Count} locations.", nameof(cursor));
            }

            squareCursor = colon == cursor.Length - 1 ? null : cursor[(colon + 1)..];
        }

        var request = new SquareSearchOrdersRequest
        {
            LocationIds = groups[group],
            Query = new SquareSearchOrdersQuery
            {
                Filter = new SquareSearchOrdersFilter
                {
                    DateTimeFilter = new SquareSearchOrdersDateTimeFilter
                    {
                        UpdatedAt = new SquareTimeRange { StartAt = updatedAfter.ToUniversalTime(), EndAt = updatedBefore?.ToUniversalTime() },
                    },
                },

                // Square refuses a search whose sort field differs from the filtered timestamp; ASC so a page
                // boundary never skips orders updated while we page.
                Sort = new SquareSearchOrdersSort { SortField = SquareSearchOrdersSortField.UpdatedAt, SortOrder = "ASC" },
            },
            Limit = limit,
            Cursor = squareCursor,
        };

        const string path = "v2/orders/search";
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SquareJsonContext.Default.SquareSearchOrdersRequest);
        var response = await SendAsync(HttpMethod.Post, path, path, body, SquareJsonContext.Default.SquareSearchOrdersResponse, notFoundIsNull: false, ct);
        var next = response!.Cursor;
        if (groups.Length > 1)
        {
            next = next is not null ? $"{group}:{next}"
                : group + 1 < groups.Length ? $"{group + 1}:"
                : null;
        }

        return new SquareOrdersPage(response.Orders ?? [], next);
    }

    public async IAsyncEnumerable<SquareOrder> SearchAllOrdersAsync(
        IReadOnlyList<string> locationIds,
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        int? limit = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = await SearchOrdersAsync(locationIds, updatedAfter, updatedBefore, cursor, limit, ct);
            foreach (var order in page.Orders)
            {
                yield return order;
            }

            cursor = NextCursor(cursor, page.Cursor, "v2/orders/search");
        }
        while (cursor is not null);
    }

    public async Task<SquarePaymentRefund> GetPaymentRefundAsync(string refundId, CancellationToken ct = default)
    {
        var path = $"v2/refunds/{SquarePathId.Segment("refund id", refundId)}";
        var response = await SendAsync(HttpMethod.Get, path, path, null, SquareJsonContext.Default.SquareGetPaymentRefundResponse, notFoundIsNull: false, ct);
        return response!.Refund ?? throw Malformed(HttpMethod.Get, path, "the answer has no refund");
    }

    public async Task<SquareRefundsPage> ListPaymentRefundsAsync(
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        string? locationId,
        string? cursor,
        int? limit = null,
        CancellationToken ct = default)
    {
        if (limit is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Square's ListPaymentRefunds limit is 1–100.");
        }

        var query = new StringBuilder("v2/refunds?sort_field=UPDATED_AT&sort_order=ASC");
        AppendQuery(query, "updated_at_begin_time", Rfc3339(updatedAfter));
        AppendQuery(query, "begin_time", Rfc3339(updatedAfter.Year > 1971 ? updatedAfter.AddYears(-1) : DateTimeOffset.UnixEpoch));
        if (updatedBefore is { } before)
        {
            // created_at ≤ updated_at, so the created range may end where the updated range ends.
            AppendQuery(query, "updated_at_end_time", Rfc3339(before));
            AppendQuery(query, "end_time", Rfc3339(before));
        }

        AppendQuery(query, "location_id", locationId);
        AppendQuery(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        AppendQuery(query, "cursor", cursor);

        var response = await SendAsync(
            HttpMethod.Get, query.ToString(), "v2/refunds", null, SquareJsonContext.Default.SquareListPaymentRefundsResponse, notFoundIsNull: false, ct);
        return new SquareRefundsPage(response!.Refunds ?? [], response.Cursor);
    }

    public async IAsyncEnumerable<SquarePaymentRefund> ListAllPaymentRefundsAsync(
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        string? locationId,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListPaymentRefundsAsync(updatedAfter, updatedBefore, locationId, cursor, limit: null, ct);
            foreach (var refund in page.Refunds)
            {
                yield return refund;
            }

            cursor = NextCursor(cursor, page.Cursor, "v2/refunds");
        }
        while (cursor is not null);
    }

    public async Task<SquareCustomer?> RetrieveCustomerAsync(string customerId, CancellationToken ct = default)
    {
        var path = $"v2/customers/{SquarePathId.Segment("customer id", customerId, quote: false)}";

        // Logged as a template: a customer id is personal data the logs do not need.
        var response = await SendAsync(HttpMethod.Get, path, "v2/customers/{id}", null, SquareJsonContext.Default.SquareRetrieveCustomerResponse, notFoundIsNull: true, ct);
        return response is null ? null : response.Customer ?? throw Malformed(HttpMethod.Get, "v2/customers/{id}", "the answer has no customer");
    }

    /// <summary>Maps a non-success answer to the exception; the body may be Square's <c>errors[]</c>, other JSON, HTML or empty.</summary>
    internal static SquareApiException ToException(int status, string? reasonPhrase, string body, TimeSpan? retryAfter)
    {
        IReadOnlyList<SquareError>? errors = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                errors = JsonSerializer.Deserialize(body, SquareJsonContext.Default.SquareErrorResponse)?.Errors;
            }
        }
        catch (JsonException)
        {
            // Not Square's error shape (a proxy's HTML page, a truncated body): fall back to the status line below.
        }

        var statusLine = string.IsNullOrWhiteSpace(reasonPhrase) ? $"HTTP {status}" : $"HTTP {status} {reasonPhrase}";
        var snippet = body.Trim();
        if (snippet.Length > 200)
        {
            snippet = snippet[..200] + "…";
        }

        // An HTML page (proxy, load balancer) says nothing the status line does not; other text is worth quoting.
        var description = snippet.Length == 0 || snippet.StartsWith('<') || errors is { Count: > 0 } ? statusLine : $"{statusLine}: {snippet}";
        return new SquareApiException(status, errors, description, retryAfter: retryAfter);
    }

    // Every call this client makes is a read or a search, so repeating one can never duplicate an effect. Square's
    // Retry-After wins over our back-off (it knows its limits; we don't — none are published).
    private static ResiliencePipeline BuildRetry(SquareClientOptions options, ILogger logger, TimeProvider time) =>
        TransientRetry.Build<SquareApiException>(
            options.MaxRetries,
            options.RetryBaseDelay,
            options.RetryMaxDelay,
            e => e.IsTransient,
            e => e.RetryAfter,
            (context, delay, attempt, reason) => SquareClientLog.Retrying(
                logger,
                context.Properties.TryGetValue(LogMethodKey, out var method) ? method : "?",
                context.Properties.TryGetValue(LogPathKey, out var path) ? path : "?",
                (long)delay.TotalMilliseconds,
                attempt,
                reason),
            time);

    private static string? NextCursor(string? previous, string? next, string path)
    {
        // A cursor that does not move would page forever; Square should never do it, a fake or a proxy cache might.
        if (next is not null && next == previous)
        {
            throw new SquareApiException(null, null, $"{path} returned the same cursor twice; paging stopped.", isTransient: false);
        }

        return next;
    }

    private static void AppendQuery(StringBuilder query, string name, string? value)
    {
        if (value is not null)
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static SquareApiException Malformed(HttpMethod method, string logPath, string reason, Exception? inner = null) =>
        new(200, null, $"{method.Method} {logPath}: {reason}", isTransient: false, innerException: inner);

    private async Task<TResponse?> SendAsync<TResponse>(
        HttpMethod method, string pathAndQuery, string logPath, byte[]? body, JsonTypeInfo<TResponse> type, bool notFoundIsNull, CancellationToken ct)
        where TResponse : class
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(LogMethodKey, method.Method);
        context.Properties.Set(LogPathKey, logPath);
        try
        {
            return await retry.ExecuteAsync(
                static (ctx, state) => state.Client.SendOnceAsync(
                    state.Method, state.PathAndQuery, state.LogPath, state.Body, state.Type, state.NotFoundIsNull, ctx.CancellationToken),
                context,
                (Client: this, Method: method, PathAndQuery: pathAndQuery, LogPath: logPath, Body: body, Type: type, NotFoundIsNull: notFoundIsNull));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt. Returns the parsed 2xx answer, or null for a 404 the caller treats as "not there".</summary>
    private async ValueTask<TResponse?> SendOnceAsync<TResponse>(
        HttpMethod method, string pathAndQuery, string logPath, byte[]? body, JsonTypeInfo<TResponse> type, bool notFoundIsNull, CancellationToken ct)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            // New content per attempt: a retried request must not reuse a consumed stream.
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        // A per-attempt timeout of our own instead of HttpClient.Timeout, so a timeout (transient, retried) can be
        // told apart from the caller cancelling (not retried).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            text = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw NoAnswer(method, logPath, started, $"no answer within {options.Timeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            throw NoAnswer(method, logPath, started, e.Message, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                SquareClientLog.Answered(logger, method.Method, logPath, status, elapsed);
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = ToException(status, response.ReasonPhrase, text, RetryAfter.ToDelay(response.Headers.RetryAfter, time.GetUtcNow()));
                SquareClientLog.Failed(logger, method.Method, logPath, status, Codes(error.Errors), elapsed, error.IsTransient);
                throw error;
            }

            SquareClientLog.Answered(logger, method.Method, logPath, status, elapsed);
            TResponse? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(text, type);
            }
            catch (JsonException e)
            {
                throw Malformed(method, logPath, $"unreadable answer ({e.Message})", e);
            }

            return parsed ?? throw Malformed(method, logPath, "empty answer");
        }
    }

    private SquareApiException NoAnswer(HttpMethod method, string logPath, long started, string reason, Exception inner)
    {
        SquareClientLog.NoAnswer(logger, method.Method, logPath, (long)time.GetElapsedTime(started).TotalMilliseconds, reason);
        return new SquareApiException(null, null, $"{method.Method} {logPath}: {reason}", isTransient: true, innerException: inner);
    }

    private static string Codes(IReadOnlyList<SquareError> errors) =>
        errors.Count == 0 ? "no errors[]" : string.Join(", ", errors.Select(error => $"{error.Category}/{error.Code}"));
}
