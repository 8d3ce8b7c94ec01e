using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.RateLimiting;
using Connector.Http;
using Connector.Leat.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.RateLimiting;
using Polly.Timeout;
using Refit;

namespace Connector.Leat.Client;

/// <summary>
/// The seam the dispatcher and sync code call. Refit (<see cref="ILeatApi"/>) builds and sends the requests; the
/// handlers add the token, the rate limit, GET retries and the attempt timeout. What is left here is what Refit cannot
/// know: mapping every answer and failure to a value or a <see cref="LeatApiException"/> that says whether it is
/// transient and whether the request may have taken effect.
/// </summary>
public sealed class LeatClient : ILeatClient
{
    /// <summary>The DI key of the process-wide <see cref="RateLimiter"/> every Leat request waits for.</summary>
    internal const string RateLimiterKey = "Connector.Leat.RateLimiter";

    /// <summary>System.Text.Json on the source-generated <see cref="LeatJsonContext"/>; bodies buffered, so they go with a Content-Length.</summary>
    internal static readonly RefitSettings RefitSettings = CreateRefitSettings();

    private readonly ILeatApi api;
    private readonly LeatOptions options;
    private readonly ILogger<LeatClient> logger;
    private readonly TimeProvider time;

    internal LeatClient(ILeatApi api, IOptions<LeatOptions> options, ILogger<LeatClient> logger, TimeProvider time)
    {
        this.api = api;
        this.options = options.Value;
        this.logger = logger;
        this.time = time;
    }

    public async Task<LeatOrderOutcome> CreateAndProcessOrderAsync(LeatOrderRequest order, CancellationToken ct) =>
        (await DataAsync(api.CreateAndProcessOrderAsync(order, ct), HttpMethod.Post, "orders/create-and-process", ct,
            missing: outcome => outcome.Order is null ? "data.order is missing" : null))!;

    public async Task<LeatOrder> CreateOrderAsync(LeatOrderRequest order, CancellationToken ct) =>
        (await DataAsync(api.CreateOrderAsync(order, ct), HttpMethod.Post, "orders", ct))!;

    public Task<LeatResult?> ProcessOrderAsync(string orderUuid, CancellationToken ct) =>
        ResultAsync(api.ProcessOrderAsync(orderUuid, ct), $"orders/{orderUuid}/process", ct);

    public Task<LeatOrder?> FindOrderAsync(string externalIdentifier, CancellationToken ct) =>
        DataAsync(api.FindOrderAsync(externalIdentifier, ct), HttpMethod.Get, "orders/find", ct, notFoundIsNull: true);

    public async Task<LeatOrder> UpdateOrderAsync(string orderUuid, LeatOrderUpdate update, CancellationToken ct) =>
        (await DataAsync(api.UpdateOrderAsync(orderUuid, update, ct), HttpMethod.Put, $"orders/{orderUuid}", ct))!;

    public Task<LeatResult?> SimulateOrderAsync(LeatOrderRequest order, CancellationToken ct) =>
        ResultAsync(api.SimulateOrderAsync(order, ct), "orders/simulate", ct);

    public async Task<LeatReturnOutcome> CreateAndProcessReturnAsync(LeatOrderReturnRequest orderReturn, CancellationToken ct) =>
        (await DataAsync(api.CreateAndProcessReturnAsync(orderReturn, ct), HttpMethod.Post, "order-returns/create-and-process", ct,
            missing: outcome => outcome.Return is null ? "data.return is missing" : null))!;

    public async Task<LeatOrderReturn> CreateReturnAsync(LeatOrderReturnRequest orderReturn, CancellationToken ct) =>
        (await DataAsync(api.CreateReturnAsync(orderReturn, ct), HttpMethod.Post, "order-returns", ct))!;

    public Task<LeatResult?> ProcessReturnAsync(string returnUuid, CancellationToken ct) =>
        ResultAsync(api.ProcessReturnAsync(returnUuid, ct), $"order-returns/{returnUuid}/process", ct);

    public async Task<LeatContact> FindOrCreateContactAsync(string email, CancellationToken ct) =>
        (await DataAsync(api.FindOrCreateContactAsync(email, ct), HttpMethod.Get, "contacts/find-or-create", ct))!;

    public async Task<IReadOnlyList<LeatShop>> ListShopsAsync(CancellationToken ct) =>
        (await DataAsync(api.ListShopsAsync(ct), HttpMethod.Get, "shops", ct))!;

    public Task<LeatShop?> GetShopAsync(string shopUuid, CancellationToken ct) =>
        DataAsync(api.GetShopAsync(shopUuid, ct), HttpMethod.Get, $"shops/{shopUuid}", ct, notFoundIsNull: true);

    /// <summary>Maps a non-success answer to the exception; the body may be Leat's JSON error, other JSON, HTML or empty.</summary>
    internal static LeatApiException ToException(int status, string? reasonPhrase, string body, TimeSpan? retryAfter)
    {
        LeatErrorBody? error = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                error = JsonSerializer.Deserialize(body, LeatJsonContext.Default.LeatErrorBody);
            }
        }
        catch (JsonException)
        {
            // Not Leat's error shape (a proxy's HTML page, a truncated body): fall back to the status line below.
        }

        var message = error?.Message;
        if (string.IsNullOrWhiteSpace(message))
        {
            var snippet = body.Trim();
            if (snippet.Length > 200)
            {
                snippet = snippet[..200] + "…";
            }

            var statusLine = string.IsNullOrWhiteSpace(reasonPhrase) ? $"HTTP {status}" : $"HTTP {status} {reasonPhrase}";

            // An HTML page (proxy, load balancer) says nothing the status line does not; other text is worth quoting.
            message = snippet.Length == 0 || snippet.StartsWith('<') ? statusLine : $"{statusLine}: {snippet}";
        }

        return new LeatApiException(status, error?.Code, message, error?.Errors, retryAfter: retryAfter);
    }

    private static RefitSettings CreateRefitSettings()
    {
        var settings = RefitSettings.ForJsonContext(LeatJsonContext.Default);
        settings.Buffered = true;
        return settings;
    }

    /// <summary>The <c>data</c> of a 2xx answer; null for a 404 the caller treats as "not there".</summary>
    private async Task<T?> DataAsync<T>(
        Task<IApiResponse<LeatData<T>>> call, HttpMethod method, string path, CancellationToken ct, bool notFoundIsNull = false,
        Func<T, string?>? missing = null)
        where T : class
    {
        if (await AnswerAsync(call, method, path, notFoundIsNull, ct) is not { } answer)
        {
            return null;
        }

        var (status, body) = answer;

        var data = body.Data ?? throw Malformed(status, method, path, "the answer has no data");
        return missing?.Invoke(data) is { } reason ? throw Malformed(status, method, path, reason) : data;
    }

    /// <summary>
    /// A process or simulate result. Process answers <c>{data: {type, data}}</c>; other endpoints wrap it as
    /// <c>{data: {result: …}}</c>: both are accepted, and an empty <c>data</c> is no result.
    /// </summary>
    private async Task<LeatResult?> ResultAsync(Task<IApiResponse<LeatData<JsonElement>>> call, string path, CancellationToken ct)
    {
        var (status, body) = (await AnswerAsync(call, HttpMethod.Post, path, notFoundIsNull: false, ct))!.Value;
        if (body.Data is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            var result = element.TryGetProperty("result", out var wrapped) && !element.TryGetProperty("type", out _) ? wrapped : element;
            return result.Deserialize(LeatJsonContext.Default.LeatResult);
        }
        catch (JsonException e)
        {
            throw Malformed(status, HttpMethod.Post, path, e.Message, e);
        }
    }

    /// <summary>
    /// The one mapping of everything a call can end in: a 2xx with a readable body (returned), a 404 the caller
    /// reads as "not there" (null), Leat's error answer, a 2xx that cannot be read, or no answer at all.
    /// </summary>
    private async Task<(int Status, TBody Body)?> AnswerAsync<TBody>(
        Task<IApiResponse<TBody>> call, HttpMethod method, string path, bool notFoundIsNull, CancellationToken ct)
        where TBody : class
    {
        var started = time.GetTimestamp();
        IApiResponse<TBody> response;
        try
        {
            response = await call;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw NoAnswer(method, path, (e as ApiExceptionBase)?.RequestMessage, started, e, ct);
        }

        using (response)
        {
            if (response.Error is ApiRequestException notSent)
            {
                throw NoAnswer(method, path, notSent.RequestMessage, started, notSent, ct);
            }

            var status = (int)(response.StatusCode ?? 0);
            if (response.IsSuccessStatusCode)
            {
                // Refit reports a body it could not deserialize as an error on a successful answer.
                if (response.Error is { } unreadable)
                {
                    throw Malformed(status, method, path, unreadable.InnerException?.Message ?? unreadable.Message, unreadable);
                }

                return (status, response.Content ?? throw Malformed(status, method, path, "the answer is empty"));
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            throw ToException(
                status, response.ReasonPhrase, (response.Error as ApiException)?.Content ?? "", RetryAfter.ToDelay(response.Headers?.RetryAfter, time.GetUtcNow()));
        }
    }

    /// <summary>
    /// No answer: a timeout, a dropped or refused connection, a full rate-limiter queue. Whether the request may have
    /// taken effect is what <see cref="LeatAuthHandler.SentKey"/> says, except for a connection never established.
    /// </summary>
    private Exception NoAnswer(HttpMethod method, string path, HttpRequestMessage? request, long started, Exception failure, CancellationToken ct)
    {
        var cause = failure is ApiRequestException { InnerException: { } inner } ? inner : failure;
        if (cause is LeatApiException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Ours (no token configured) or a programming error, not Leat's: as thrown.
            ExceptionDispatchInfo.Throw(cause);
        }

        if (cause is OperationCanceledException && ct.IsCancellationRequested)
        {
            ExceptionDispatchInfo.Throw(cause);
        }

        var wasSent = request is not null && request.Options.TryGetValue(LeatAuthHandler.SentKey, out var sent) && sent;
        var (reason, mayHaveTakenEffect) = cause switch
        {
            TimeoutRejectedException timedOut => ($"no answer within {timedOut.Timeout.TotalSeconds:0.###} s ({(timedOut.Timeout == options.TotalTimeout ? "Leat:TotalTimeout" : "Leat:Timeout")})", wasSent),
            RateLimiterRejectedException => ("the client-side Leat rate limiter has too many requests queued; nothing was sent", false),

            // Connection never established: nothing reached Leat. Anything later (dropped while waiting for the
            // answer) may have been executed.
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } e => (e.Message, false),
            _ => (cause.Message, wasSent),
        };
        LeatLog.NoAnswer(logger, method.Method, path, (long)time.GetElapsedTime(started).TotalMilliseconds, reason, mayHaveTakenEffect);
        return new LeatApiException(
            null, null, $"{method.Method} {path}: {reason}", isTransient: true, mayHaveTakenEffect: mayHaveTakenEffect, innerException: cause);
    }

    /// <summary>
    /// A 2xx whose body we cannot read. For a POST the call did happen, so it is reported as transient and possibly
    /// effective: the retry goes through the dispatcher's find, which records what Leat stored.
    /// </summary>
    private static LeatApiException Malformed(int status, HttpMethod method, string logPath, string reason, Exception? inner = null) =>
        new(status, null, $"{method.Method} {logPath}: the answer could not be read: {reason}",
            isTransient: method != HttpMethod.Get, mayHaveTakenEffect: method != HttpMethod.Get, innerException: inner);
}
