using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Connector.Http;
using Connector.Leat.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Connector.Leat.Client;

/// <summary>
/// Typed <see cref="HttpClient"/> for Leat's OAuth client API. Auth and throttling live in
/// <see cref="LeatAuthHandler"/> and <see cref="LeatRateLimitHandler"/>; this class maps answers and failures.
/// </summary>
public sealed class LeatClient : ILeatClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly ResiliencePropertyKey<string> LogPathKey = new("Connector.Leat.Path");

    private readonly HttpClient http;
    private readonly LeatOptions options;
    private readonly ILogger<LeatClient> logger;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline getRetry;

    public LeatClient(HttpClient http, IOptions<LeatOptions> options, ILogger<LeatClient> logger, TimeProvider time)
    {
        this.http = http;
        this.options = options.Value;
        this.logger = logger;
        this.time = time;
        getRetry = BuildGetRetry(this.options, logger);
    }

    public Task<LeatOrderOutcome> CreateAndProcessOrderAsync(LeatOrderRequest order, CancellationToken ct) =>
        PostAsync("orders/create-and-process", order, LeatJsonContext.Default.LeatOrderRequest,
            LeatJsonContext.Default.LeatDataLeatOrderOutcome, ct, outcome => outcome.Order is null ? "data.order is missing" : null);

    public Task<LeatOrder> CreateOrderAsync(LeatOrderRequest order, CancellationToken ct) =>
        PostAsync("orders", order, LeatJsonContext.Default.LeatOrderRequest, LeatJsonContext.Default.LeatDataLeatOrder, ct);

    public Task<LeatResult?> ProcessOrderAsync(string orderUuid, CancellationToken ct) =>
        PostForResultAsync($"orders/{Uri.EscapeDataString(orderUuid)}/process", ct);

    public Task<LeatOrder?> FindOrderAsync(string externalIdentifier, CancellationToken ct) =>
        GetAsync($"orders/find?external_identifier={Uri.EscapeDataString(externalIdentifier)}", "orders/find",
            LeatJsonContext.Default.LeatDataLeatOrder, notFoundIsNull: true, ct);

    public async Task<LeatOrder> UpdateOrderAsync(string orderUuid, LeatOrderUpdate update, CancellationToken ct)
    {
        var path = $"orders/{Uri.EscapeDataString(orderUuid)}";
        var answer = await SendAsync(HttpMethod.Put, path, path, Serialize(update, LeatJsonContext.Default.LeatOrderUpdate, HttpMethod.Put, path),
            notFoundIsNull: false, ct);
        return Read(answer!, LeatJsonContext.Default.LeatDataLeatOrder, HttpMethod.Put, path);
    }

    public async Task<LeatResult?> SimulateOrderAsync(LeatOrderRequest order, CancellationToken ct)
    {
        const string path = "orders/simulate";
        var answer = await SendAsync(HttpMethod.Post, path, path, Serialize(order, LeatJsonContext.Default.LeatOrderRequest, HttpMethod.Post, path),
            notFoundIsNull: false, ct);
        return ReadResult(answer!, path);
    }

    public Task<LeatReturnOutcome> CreateAndProcessReturnAsync(LeatOrderReturnRequest orderReturn, CancellationToken ct) =>
        PostAsync("order-returns/create-and-process", orderReturn, LeatJsonContext.Default.LeatOrderReturnRequest,
            LeatJsonContext.Default.LeatDataLeatReturnOutcome, ct, outcome => outcome.Return is null ? "data.return is missing" : null);

    public Task<LeatOrderReturn> CreateReturnAsync(LeatOrderReturnRequest orderReturn, CancellationToken ct) =>
        PostAsync("order-returns", orderReturn, LeatJsonContext.Default.LeatOrderReturnRequest, LeatJsonContext.Default.LeatDataLeatOrderReturn, ct);

    public Task<LeatResult?> ProcessReturnAsync(string returnUuid, CancellationToken ct) =>
        PostForResultAsync($"order-returns/{Uri.EscapeDataString(returnUuid)}/process", ct);

    public async Task<LeatContact> FindOrCreateContactAsync(string email, CancellationToken ct) =>
        (await GetAsync($"contacts/find-or-create?email={Uri.EscapeDataString(email)}", "contacts/find-or-create",
            LeatJsonContext.Default.LeatDataLeatContact, notFoundIsNull: false, ct))!;

    public async Task<IReadOnlyList<LeatShop>> ListShopsAsync(CancellationToken ct) =>
        await GetAsync("shops", "shops", LeatJsonContext.Default.LeatDataIReadOnlyListLeatShop, notFoundIsNull: false, ct) ?? [];

    public Task<LeatShop?> GetShopAsync(string shopUuid, CancellationToken ct)
    {
        var path = $"shops/{Uri.EscapeDataString(shopUuid)}";
        return GetAsync(path, path, LeatJsonContext.Default.LeatDataLeatShop, notFoundIsNull: true, ct);
    }

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

    // GETs only: POSTs create orders and returns, and are never repeated here.
    private static ResiliencePipeline BuildGetRetry(LeatOptions options, ILogger logger) =>
        TransientRetry.Build<LeatApiException>(
            options.GetRetries,
            options.GetRetryBaseDelay,
            options.GetRetryMaxDelay,
            e => e.IsTransient,
            e => e.RetryAfter,
            (context, delay, attempt, reason) => LeatLog.Retrying(
                logger, context.Properties.TryGetValue(LogPathKey, out var path) ? path : "?", (long)delay.TotalMilliseconds, attempt, reason));

    private async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<LeatData<TResponse>> responseType,
        CancellationToken ct,
        Func<TResponse, string?>? missing = null)
        where TResponse : class
    {
        var answer = await SendAsync(HttpMethod.Post, path, path, Serialize(request, requestType, HttpMethod.Post, path), notFoundIsNull: false, ct);
        var response = Read(answer!, responseType, HttpMethod.Post, path);
        return missing?.Invoke(response) is { } reason ? throw Malformed(answer!.Status, HttpMethod.Post, path, reason) : response;
    }

    private async Task<LeatResult?> PostForResultAsync(string path, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Post, path, path, content: null, notFoundIsNull: false, ct);
        return ReadResult(answer!, path);
    }

    private async Task<TResponse?> GetAsync<TResponse>(
        string pathAndQuery, string logPath, JsonTypeInfo<LeatData<TResponse>> responseType, bool notFoundIsNull, CancellationToken ct)
        where TResponse : class
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(LogPathKey, logPath);
        try
        {
            var answer = await getRetry.ExecuteAsync(
                static async (ctx, state) => await state.Client.SendAsync(
                    HttpMethod.Get, state.PathAndQuery, state.LogPath, content: null, state.NotFoundIsNull, ctx.CancellationToken),
                context,
                (Client: this, PathAndQuery: pathAndQuery, LogPath: logPath, NotFoundIsNull: notFoundIsNull));
            return answer is null ? null : Read(answer, responseType, HttpMethod.Get, logPath);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ByteArrayContent Serialize<T>(T value, JsonTypeInfo<T> type, HttpMethod method, string logPath)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        if (options.LogBodies && logger.IsEnabled(LogLevel.Debug))
        {
            LeatLog.RequestBody(logger, method.Method, logPath, Encoding.UTF8.GetString(bytes));
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    /// <summary>One attempt. Returns the body of a 2xx answer, or null for a 404 the caller treats as "not there".</summary>
    private async Task<Answer?> SendAsync(
        HttpMethod method, string pathAndQuery, string logPath, HttpContent? content, bool notFoundIsNull, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };

        // A per-attempt timeout of our own instead of HttpClient.Timeout, so a timeout can be told apart from the
        // caller cancelling (only the former is a Leat failure).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            body = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw NoAnswer(method, logPath, request, started, $"no answer within {options.Timeout.TotalSeconds:0.###} s", e, sentOverride: null);
        }
        catch (HttpRequestException e)
        {
            // Connection never established: nothing reached Leat. Anything later (dropped while waiting for the
            // answer, malformed answer) may have been executed.
            var neverConnected = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            throw NoAnswer(method, logPath, request, started, e.Message, e, sentOverride: neverConnected ? false : null);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
            if (options.LogBodies && logger.IsEnabled(LogLevel.Debug))
            {
                LeatLog.ResponseBody(logger, method.Method, logPath, body);
            }

            if (response.IsSuccessStatusCode)
            {
                LeatLog.Answered(logger, method.Method, logPath, status, elapsed);
                return new Answer(status, body);
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                LeatLog.Answered(logger, method.Method, logPath, status, elapsed);
                return null;
            }

            var error = ToException(status, response.ReasonPhrase, body, RetryAfter.ToDelay(response.Headers.RetryAfter, time.GetUtcNow()));
            LeatLog.Failed(logger, method.Method, logPath, status, error.LeatCode, elapsed, error.IsTransient);
            throw error;
        }
    }

    private LeatApiException NoAnswer(
        HttpMethod method, string logPath, HttpRequestMessage request, long started, string reason, Exception inner, bool? sentOverride)
    {
        var sent = sentOverride ?? (request.Options.TryGetValue(LeatAuthHandler.SentKey, out var wasSent) && wasSent);
        LeatLog.NoAnswer(logger, method.Method, logPath, (long)time.GetElapsedTime(started).TotalMilliseconds, reason, sent);
        return new LeatApiException(
            null, null, $"{method.Method} {logPath}: {reason}", isTransient: true, mayHaveTakenEffect: sent, innerException: inner);
    }

    private static T Read<T>(Answer answer, JsonTypeInfo<LeatData<T>> type, HttpMethod method, string logPath)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(answer.Body, type)?.Data ?? throw Malformed(answer.Status, method, logPath, "the answer has no data");
        }
        catch (JsonException e)
        {
            throw Malformed(answer.Status, method, logPath, e.Message, e);
        }
    }

    private static LeatResult? ReadResult(Answer answer, string logPath)
    {
        try
        {
            // process answers {data: {type, data}}; other endpoints wrap it as {data: {result: …}}: accept both.
            var data = JsonSerializer.Deserialize(answer.Body, LeatJsonContext.Default.LeatDataJsonElement)?.Data;
            if (data is not { ValueKind: JsonValueKind.Object } element)
            {
                return null;
            }

            var result = element.TryGetProperty("result", out var wrapped) && !element.TryGetProperty("type", out _) ? wrapped : element;
            return result.Deserialize(LeatJsonContext.Default.LeatResult);
        }
        catch (JsonException e)
        {
            throw Malformed(answer.Status, HttpMethod.Post, logPath, e.Message, e);
        }
    }

    /// <summary>
    /// A 2xx whose body we cannot read. For a POST the call did happen, so it is reported as transient and possibly
    /// effective: the retry goes through the dispatcher's find, which records what Leat stored.
    /// </summary>
    private static LeatApiException Malformed(int status, HttpMethod method, string logPath, string reason, Exception? inner = null) =>
        new(status, null, $"{method.Method} {logPath}: the answer could not be read: {reason}",
            isTransient: method != HttpMethod.Get, mayHaveTakenEffect: method != HttpMethod.Get, innerException: inner);

    /// <summary>A 2xx answer: its status (for messages) and body.</summary>
    private sealed record Answer(int Status, string Body);
}
