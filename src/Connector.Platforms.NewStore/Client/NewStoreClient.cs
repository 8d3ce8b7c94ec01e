using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Connector.Http;
using Connector.Platforms.NewStore.Model;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// NewStore's GraphQL order read and its event-stream configuration API. Refit (<see cref="INewStoreApi"/>) sends
/// the requests, the resilience handler retries reads and times out each attempt, <see cref="NewStoreAuthHandler"/>
/// signs them (and renews a refused token once); this class maps every outcome to a result or a
/// <see cref="NewStoreApiException"/>.
/// </summary>
public sealed class NewStoreClient : INewStoreClient, INewStoreEventStream
{
    private const string QueryLogPath = "api/v1/org/data/query";
    private const string EventStreamLogPath = "api/v1/org/integrations/eventstream";

    private readonly INewStoreApi api;
    private readonly IOptionsMonitor<NewStoreOptions> options;
    private readonly NewStoreClientOptions clientOptions;
    private readonly TimeProvider time;

    internal NewStoreClient(INewStoreApi api, IOptionsMonitor<NewStoreOptions> options, IOptions<NewStoreClientOptions> clientOptions, TimeProvider time)
    {
        this.api = api;
        this.options = options;
        this.clientOptions = clientOptions.Value;
        this.time = time;
    }

    /// <summary>
    /// GraphQL <c>order(id, tenant)</c> (<see cref="NewStoreOrderQuery"/>), converted to the event's order document.
    /// Null when <c>order</c> is null or every GraphQL error is <c>not_found</c>: the GraphQL store lags the event
    /// stream, so "not yet" is not a failure. Other GraphQL errors are a permanent <see cref="NewStoreApiException"/>
    /// with their messages (a query NewStore refuses will not succeed later); an order that lacks money fields is too.
    /// </summary>
    public async Task<NewStoreOrder?> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var request = new NewStoreGraphQLRequest(NewStoreOrderQuery.Text, NewStoreOrderQuery.Variables(orderId, options.CurrentValue.Tenant ?? ""));
        var (status, body) = (await AnswerAsync(api.QueryOrderAsync(request, cancellationToken), "POST", QueryLogPath, notFoundIsNull: false, cancellationToken))!.Value;
        if (body.Errors is { Count: > 0 } errors)
        {
            if (errors.All(error => IsNotFound(error.Code())))
            {
                return null;
            }

            var code = FirstCode(errors);
            throw new NewStoreApiException(status, code, $"GraphQL order({orderId}): {Messages(errors, code)}", isTransient: false);
        }

        if (body.Data is not { } data)
        {
            throw Malformed(status, "POST", QueryLogPath, "the answer has neither data nor errors");
        }

        if (data.Order is not { } order)
        {
            return null;
        }

        try
        {
            return NewStoreOrderQuery.ToOrder(order);
        }
        catch (FormatException e)
        {
            throw Malformed(status, "POST", QueryLogPath, e.Message, e);
        }
    }

    public async Task<IReadOnlyList<NewStoreIntegration>> ListAsync(CancellationToken cancellationToken)
    {
        var (status, body) = (await AnswerAsync(api.ListIntegrationsAsync(cancellationToken), "GET", EventStreamLogPath, notFoundIsNull: false, cancellationToken))!.Value;
        return body.Integrations ?? throw Malformed(status, "GET", EventStreamLogPath, "the answer has no integrations");
    }

    public async Task<NewStoreIntegration?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return await AnswerAsync(api.GetIntegrationAsync(id, cancellationToken), "GET", $"{EventStreamLogPath}/{id}", notFoundIsNull: true, cancellationToken) is { } answer
            ? answer.Body
            : null;
    }

    public Task RegisterAsync(NewStoreIntegration integration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return SendAsync(api.RegisterIntegrationAsync(integration, cancellationToken), "POST", EventStreamLogPath, cancellationToken);
    }

    public Task UpdateAsync(string id, NewStoreIntegrationUpdate update, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(update);
        return SendAsync(api.UpdateIntegrationAsync(id, update, cancellationToken), "PATCH", $"{EventStreamLogPath}/{id}", cancellationToken);
    }

    public Task StartAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(api.StartIntegrationAsync(id, cancellationToken), "POST", $"{EventStreamLogPath}/{id}/_start", cancellationToken);
    }

    public Task StopAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(api.StopIntegrationAsync(id, cancellationToken), "POST", $"{EventStreamLogPath}/{id}/_stop", cancellationToken);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(api.DeleteIntegrationAsync(id, cancellationToken), "DELETE", $"{EventStreamLogPath}/{id}", cancellationToken);
    }

    /// <summary>
    /// Maps a non-success answer. JSON bodies give NewStore's <c>error_code</c> and <c>message</c> (or GraphQL
    /// <c>errors[]</c>). A 403 with JSON has already been retried once with a new token (<see cref="NewStoreAuthHandler"/>);
    /// a 403 without JSON is NewStore's IP block. Both are permanent.
    /// </summary>
    internal static NewStoreApiException ToException(int status, string? reasonPhrase, string body, TimeSpan? retryAfter)
    {
        var statusLine = string.IsNullOrWhiteSpace(reasonPhrase) ? $"HTTP {status}" : $"HTTP {status} {reasonPhrase}";
        var error = Read(body);
        if (status == 403 && !NewStoreAuthHandler.IsJson(body))
        {
            return new NewStoreApiException(
                status, null, $"{statusLine} without a JSON body: NewStore blocks a caller's IP address this way after too many requests (for about 5 minutes); no token was refused.", isTransient: false, retryAfter: retryAfter);
        }

        string description;
        if (error is not null && (error.Message is not null || error.Errors is { Count: > 0 }))
        {
            description = error.Message ?? Messages(error.Errors!, error.ErrorCode ?? FirstCode(error.Errors!));
        }
        else
        {
            var snippet = body.Trim();
            if (snippet.Length > 200)
            {
                snippet = snippet[..200] + "…";
            }

            // An HTML page (proxy, load balancer) says nothing the status line does not; other text is worth quoting.
            description = snippet.Length == 0 || snippet.StartsWith('<') || error is not null ? statusLine : $"{statusLine}: {snippet}";
        }

        if (status == 403)
        {
            description += " (refused again with a newly issued access token: the API client may lack the scope, or \"Support Legacy APIs\")";
        }

        return new NewStoreApiException(status, error?.ErrorCode ?? (error?.Errors is { } errors ? FirstCode(errors) : null), description, retryAfter: retryAfter);
    }

    private static NewStoreErrorBody? Read(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{') ? null : JsonSerializer.Deserialize(body, NewStoreJsonContext.Default.NewStoreErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsNotFound(string? code) =>
        string.Equals(code, "not_found", StringComparison.OrdinalIgnoreCase) || string.Equals(code, "resource_not_found", StringComparison.OrdinalIgnoreCase);

    private static string? FirstCode(IReadOnlyList<NewStoreGraphQLError> errors) => errors.Select(error => error.Code()).FirstOrDefault(code => code is not null);

    /// <summary>Every error's message, each with its code unless it is <paramref name="reported"/> (the exception's own).</summary>
    private static string Messages(IReadOnlyList<NewStoreGraphQLError> errors, string? reported) =>
        string.Join("; ", errors.Select(error => error.Code() is { } code && code != reported ? $"{code}: {error.Message}" : error.Message ?? "(no message)"));

    private static NewStoreApiException Malformed(int status, string method, string logPath, string reason, Exception? inner = null) =>
        new(status, null, $"{method} {logPath}: the answer could not be read: {reason}", isTransient: false, innerException: inner);

    /// <summary>A write: any 2xx is success; its body (unspecified by NewStore) is not read.</summary>
    private async Task SendAsync(Task<IApiResponse> call, string method, string logPath, CancellationToken ct)
    {
        IApiResponse response;
        try
        {
            response = await call;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw NoAnswer(method, logPath, e, ct);
        }

        using (response)
        {
            if (response.Error is ApiRequestException notSent)
            {
                throw NoAnswer(method, logPath, notSent, ct);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw ToException((int)(response.StatusCode ?? 0), response.ReasonPhrase, (response.Error as ApiException)?.Content ?? "", RetryAfter.ToDelay(response.Headers?.RetryAfter, time.GetUtcNow()));
            }
        }
    }

    /// <summary>A read: a 2xx with a readable body, a 404 (or <c>resource_not_found</c>) the caller reads as "not there" (null), or the failure.</summary>
    private async Task<(int Status, TBody Body)?> AnswerAsync<TBody>(Task<IApiResponse<TBody>> call, string method, string logPath, bool notFoundIsNull, CancellationToken ct)
        where TBody : class
    {
        IApiResponse<TBody> response;
        try
        {
            response = await call;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw NoAnswer(method, logPath, e, ct);
        }

        using (response)
        {
            if (response.Error is ApiRequestException notSent)
            {
                throw NoAnswer(method, logPath, notSent, ct);
            }

            var status = (int)(response.StatusCode ?? 0);
            if (response.IsSuccessStatusCode)
            {
                // Refit reports a body it could not deserialize as an error on a successful answer.
                if (response.Error is { } unreadable)
                {
                    throw Malformed(status, method, logPath, unreadable.InnerException?.Message ?? unreadable.Message, unreadable);
                }

                return (status, response.Content ?? throw Malformed(status, method, logPath, "the answer is empty"));
            }

            var failure = ToException(status, response.ReasonPhrase, (response.Error as ApiException)?.Content ?? "", RetryAfter.ToDelay(response.Headers?.RetryAfter, time.GetUtcNow()));
            if (notFoundIsNull && (response.StatusCode == HttpStatusCode.NotFound || IsNotFound(failure.ErrorCode)))
            {
                return null;
            }

            throw failure;
        }
    }

    /// <summary>No answer: a timeout or a dropped or refused connection (transient); a token failure stays as thrown.</summary>
    private NewStoreApiException NoAnswer(string method, string logPath, Exception failure, CancellationToken ct)
    {
        var cause = failure is ApiRequestException { InnerException: { } inner } ? inner : failure;
        if (cause is NewStoreApiException or ArgumentException or InvalidOperationException or NotSupportedException
            || (cause is OperationCanceledException && ct.IsCancellationRequested))
        {
            ExceptionDispatchInfo.Throw(cause);
        }

        var reason = cause is TimeoutRejectedException timedOut
            ? $"no answer within {timedOut.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({(timedOut.Timeout == clientOptions.TotalTimeout ? "NewStore:Client:TotalTimeout" : "NewStore:Client:Timeout")})"
            : cause.Message;
        return new NewStoreApiException(null, null, $"{method} {logPath}: {reason}", isTransient: true, innerException: cause);
    }
}
