using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Connector.Http;

/// <summary>
/// What the resilience handler of one remote API's <see cref="HttpClient"/> does. Built per client from its options;
/// see <see cref="RemoteResilience.AddRemoteResilience"/>.
/// </summary>
internal sealed record RemoteResilienceSettings
{
    /// <summary>Retries after the first attempt, for requests <see cref="MayRetry"/> allows; 0 sends each request once.</summary>
    public required int Retries { get; init; }

    /// <summary>The first back-off delay, doubled per retry, with jitter.</summary>
    public required TimeSpan BaseDelay { get; init; }

    /// <summary>The longest wait before a retry, for back-off and for a <c>Retry-After</c> alike.</summary>
    public required TimeSpan MaxDelay { get; init; }

    /// <summary>Time allowed for one attempt, answer body included; not counting the wait for <see cref="Limiter"/>.</summary>
    public required TimeSpan AttemptTimeout { get; init; }

    /// <summary>
    /// Time allowed for the whole call: every attempt, every back-off and the waits for <see cref="Limiter"/>. A call
    /// that would outlive it fails as one without an answer, and the job engine reschedules it.
    /// </summary>
    public required TimeSpan TotalTimeout { get; init; }

    /// <summary>
    /// Whether a request is safe to send again (a read). Requests that create something are sent once: the job
    /// engine and the dispatcher's look-before-resend own their retries.
    /// </summary>
    public required Func<HttpRequestMessage, bool> MayRetry { get; init; }

    /// <summary>A limiter every attempt waits for (shared by the process for a process-wide limit); none when null.</summary>
    public RateLimiter? Limiter { get; init; }

    /// <summary>Told of each retry: the request, the delay about to be waited, the retry's number (1 = first retry), the reason.</summary>
    public Action<HttpRequestMessage?, TimeSpan, int, string>? OnRetry { get; init; }
}

/// <summary>
/// The one resilience pipeline of every remote API client, on Microsoft.Extensions.Http.Resilience: retry (transient
/// failures only — 408, 429, 5xx, no connection, attempt timeout — of requests that are safe to repeat, honouring
/// <c>Retry-After</c> up to the cap), then the rate limiter, then the attempt timeout, so that waiting for a slot is
/// not counted against the attempt; around them all, the total timeout. Compiled into each client project (linked source, internal), so the clients stay
/// independent of each other.
/// </summary>
internal static class RemoteResilience
{
    /// <summary>Adds the handler named <paramref name="name"/>; <paramref name="settings"/> is read once per handler built.</summary>
    public static IHttpClientBuilder AddRemoteResilience(
        this IHttpClientBuilder builder, string name, Func<IServiceProvider, RemoteResilienceSettings> settings)
    {
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var s = settings(context.ServiceProvider);
            pipeline.AddTimeout(s.TotalTimeout);
            if (s.Retries > 0)
            {
                pipeline.AddRetry(RetryOptions(s, context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
            }

            if (s.Limiter is { } limiter)
            {
                pipeline.AddRateLimiter(limiter);
            }

            pipeline.AddTimeout(s.AttemptTimeout);
        });

        // The attempt timeout above bounds each attempt; HttpClient's own (100 s by default) would cut a call short
        // across retries, and its cancellation could not be told from the caller's.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);

        // Refit reads the answer body after the handlers have returned, outside the attempt. Reading it here keeps it
        // inside: under the attempt timeout, and a connection lost mid-body is a transient failure that is retried.
        builder.AddHttpMessageHandler(() => new AnswerBuffering());
        return builder;
    }

    private static HttpRetryStrategyOptions RetryOptions(RemoteResilienceSettings s, TimeProvider time) => new()
    {
        MaxRetryAttempts = s.Retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = s.BaseDelay,
        MaxDelay = s.MaxDelay,
        ShouldHandle = args => ValueTask.FromResult(
            args.Context.GetRequestMessage() is { } request && s.MayRetry(request)
            && HttpClientResiliencePredicates.IsTransient(args.Outcome)),

        // Retry-After wins over the back-off, but capped: a remote asking for a longer wait is better failed back to
        // the job engine, which reschedules without holding a worker.
        DelayGenerator = args => ValueTask.FromResult(
            RetryAfter.ToDelay(args.Outcome.Result?.Headers.RetryAfter, time.GetUtcNow()) is { } asked
                ? (TimeSpan?)(asked < s.MaxDelay ? asked : s.MaxDelay)
                : null),
        OnRetry = args =>
        {
            s.OnRetry?.Invoke(
                args.Context.GetRequestMessage(),
                args.RetryDelay,
                args.AttemptNumber + 1,
                args.Outcome.Exception?.Message ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}");
            return ValueTask.CompletedTask;
        },
    };

    private sealed class AnswerBuffering : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            try
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            return response;
        }
    }
}
