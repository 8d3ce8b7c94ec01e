using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Connector.Http;
using Connector.Platforms.Square.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// The Square reads the rest of the connector calls. Refit (<see cref="ISquareApi"/>) sends the requests, the resilience
/// handler retries and times out each attempt, <see cref="SquareAuthHandler"/> signs them; this class keeps what they
/// cannot: batching and location groups, paging, warnings about errors sent next to data, and mapping every failure
/// to a <see cref="SquareApiException"/>.
/// </summary>
public sealed class SquareClient : ISquareClient
{
    /// <summary>Square's limit on ids per BatchRetrieveOrders call.</summary>
    public const int MaxBatchOrderIds = 100;

    /// <summary>Square's limit on location ids per SearchOrders call.</summary>
    public const int MaxSearchLocationIds = 10;

    private readonly ISquareApi api;
    private readonly SquareClientOptions options;
    private readonly ILogger<SquareClient> logger;
    private readonly TimeProvider time;

    internal SquareClient(ISquareApi api, IOptions<SquareClientOptions> options, ILogger<SquareClient> logger, TimeProvider time)
    {
        this.api = api;
        this.options = options.Value;
        this.logger = logger;
        this.time = time;
    }

    public async Task<SquareOrder> RetrieveOrderAsync(string orderId, CancellationToken ct = default)
    {
        var id = SquarePathId.Check("order id", orderId);
        var path = $"v2/orders/{id}";
        var response = await CallAsync(() => api.RetrieveOrderAsync(id, ct), "GET", path, ct);
        return response.Order ?? throw Malformed("GET", path, "the answer has no order");
    }

    public async Task<IReadOnlyList<SquareOrder>> BatchRetrieveOrdersAsync(string? locationId, IEnumerable<string> orderIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        const string path = "v2/orders/batch-retrieve";
        var orders = new List<SquareOrder>();
        foreach (var chunk in orderIds.Distinct(StringComparer.Ordinal).Chunk(MaxBatchOrderIds))
        {
            var request = new SquareBatchRetrieveOrdersRequest { LocationId = locationId, OrderIds = chunk };
            var response = await CallAsync(() => api.BatchRetrieveOrdersAsync(request, ct), "POST", path, ct);

            // Square may answer 200 with orders and errors side by side; the orders are good, the errors worth a warning.
            if (response.Errors is { Count: > 0 } errors)
            {
                SquareClientLog.PartialErrors(logger, "POST", path, 200, Codes(errors));
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

        var response = await CallAsync(() => api.SearchOrdersAsync(request, ct), "POST", "v2/orders/search", ct);
        var next = response.Cursor;
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
        var id = SquarePathId.Check("refund id", refundId);
        var path = $"v2/refunds/{id}";
        var response = await CallAsync(() => api.GetPaymentRefundAsync(id, ct), "GET", path, ct);
        return response.Refund ?? throw Malformed("GET", path, "the answer has no refund");
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

        // Square always applies a created-at range too (default: the last year), so begin_time is a year before the
        // updated range; created_at ≤ updated_at, so the created range may end where the updated range ends.
        var beginTime = Rfc3339(updatedAfter.Year > 1971 ? updatedAfter.AddYears(-1) : DateTimeOffset.UnixEpoch);
        var endTime = updatedBefore is { } before ? Rfc3339(before) : null;
        var response = await CallAsync(
            () => api.ListPaymentRefundsAsync(Rfc3339(updatedAfter), beginTime, endTime, endTime, locationId, limit, cursor, ct), "GET", "v2/refunds", ct);
        return new SquareRefundsPage(response.Refunds ?? [], response.Cursor);
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
        var id = SquarePathId.Check("customer id", customerId, quote: false);

        // Logged as a template: a customer id is personal data the logs do not need.
        const string path = "v2/customers/{id}";
        try
        {
            var response = await CallAsync(() => api.RetrieveCustomerAsync(id, ct), "GET", path, ct);
            return response.Customer ?? throw Malformed("GET", path, "the answer has no customer");
        }
        catch (SquareApiException e) when (e.HttpStatus == 404)
        {
            return null;
        }
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

    private static string? NextCursor(string? previous, string? next, string path)
    {
        // A cursor that does not move would page forever; Square should never do it, a fake or a proxy cache might.
        if (next is not null && next == previous)
        {
            throw new SquareApiException(null, null, $"{path} returned the same cursor twice; paging stopped.", isTransient: false);
        }

        return next;
    }

    private static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static SquareApiException Malformed(string method, string logPath, string reason, Exception? inner = null) =>
        new(200, null, $"{method} {logPath}: {reason}", isTransient: false, innerException: inner);

    /// <summary>Square's error codes for a log line.</summary>
    internal static string Codes(IReadOnlyList<SquareError> errors) =>
        errors.Count == 0 ? "no errors[]" : string.Join(", ", errors.Select(error => $"{error.Category}/{error.Code}"));

    /// <summary>
    /// One call through Refit and the resilience handler (which has already retried what it could), its failure mapped:
    /// an error answer to Square's errors[] and Retry-After, no answer (connection lost, attempt timeout) to a
    /// transient failure, an unreadable 2xx to a permanent one. The caller cancelling stays an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<TResponse> CallAsync<TResponse>(Func<Task<TResponse?>> call, string method, string logPath, CancellationToken ct)
        where TResponse : class
    {
        TResponse? response;
        try
        {
            response = await call();
        }
        catch (ApiException e) when (e.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
        {
            // Refit could not read a 2xx answer.
            throw Malformed(method, logPath, $"unreadable answer ({(e.InnerException ?? e).Message})", e);
        }
        catch (ApiException e)
        {
            throw ToException((int)e.StatusCode, e.ReasonPhrase, e.Content ?? "", RetryAfter.ToDelay(e.Headers?.RetryAfter, time.GetUtcNow()));
        }
        catch (Exception e) when (e is ApiRequestException or TimeoutRejectedException or HttpRequestException && !ct.IsCancellationRequested)
        {
            throw NoAnswer(method, logPath, e is ApiRequestException { InnerException: { } inner } ? inner : e);
        }

        return response ?? throw Malformed(method, logPath, "empty answer");
    }

    private SquareApiException NoAnswer(string method, string logPath, Exception cause) => cause switch
    {
        // Thrown before sending (no token configured): already what the caller should see.
        SquareApiException refused => refused,
        TimeoutRejectedException timedOut => new(
            null, null, $"{method} {logPath}: no answer within {timedOut.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({(timedOut.Timeout == options.TotalTimeout ? "Square:Client:TotalTimeout" : "Square:Client:Timeout")})", isTransient: true, innerException: cause),
        _ => new(null, null, $"{method} {logPath}: {cause.Message}", isTransient: true, innerException: cause),
    };
}
