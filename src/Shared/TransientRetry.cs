using Polly;
using Polly.Retry;

namespace Connector.Http;

/// <summary>
/// The retry pipeline of the HTTP clients for calls that are safe to repeat: exponential back-off with jitter, the
/// server's <c>Retry-After</c> winning over it but capped (a call that has to wait longer is better failed back to the
/// job engine, which reschedules without holding a worker). Compiled into each client project (linked source,
/// internal), so the clients stay independent of each other.
/// </summary>
internal static class TransientRetry
{
    /// <param name="retries">Retries after the first attempt; 0 gives a pipeline that runs the call once.</param>
    /// <param name="baseDelay">The first back-off delay, doubled per attempt.</param>
    /// <param name="maxDelay">The longest wait, for back-off and for <c>Retry-After</c> alike.</param>
    /// <param name="isTransient">Whether an exception is worth another attempt.</param>
    /// <param name="retryAfter">The delay the server asked for, if the exception carries one.</param>
    /// <param name="onRetry">Logs a retry: the context, the delay about to be waited, the next attempt number, the reason.</param>
    /// <param name="time">The clock the delays run on (tests pass a manual one); the system clock when null.</param>
    public static ResiliencePipeline Build<TException>(
        int retries,
        TimeSpan baseDelay,
        TimeSpan maxDelay,
        Func<TException, bool> isTransient,
        Func<TException, TimeSpan?> retryAfter,
        Action<ResilienceContext, TimeSpan, int, string> onRetry,
        TimeProvider? time = null)
        where TException : Exception
    {
        if (retries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle(isTransient),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxDelay = maxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is TException e && retryAfter(e) is { } asked
                        ? (TimeSpan?)(asked < maxDelay ? asked : maxDelay)
                        : null),
                OnRetry = args =>
                {
                    onRetry(args.Context, args.RetryDelay, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "unknown");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
