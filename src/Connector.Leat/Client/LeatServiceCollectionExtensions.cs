using System.Threading.RateLimiting;
using Connector.Http;
using Connector.Leat;
using Connector.Leat.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ILeatClient"/> with its options, its Refit API, handlers and the process-wide rate limiter.</summary>
public static class LeatServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LeatOptions"/> from the <c>Leat</c> section of <paramref name="configuration"/> (the root
    /// configuration, or the <c>Leat</c> section itself) and validates them when the host starts.
    /// </summary>
    public static IHttpClientBuilder AddLeatClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration is IConfigurationSection { Key: LeatOptions.SectionName }
            ? configuration
            : configuration.GetSection(LeatOptions.SectionName);
        services.AddOptions<LeatOptions>().Bind(section).ValidateOnStart();
        return services.AddLeatClientCore();
    }

    /// <summary>Configures <see cref="LeatOptions"/> in code (tests, sandbox) and validates them when the host starts.</summary>
    public static IHttpClientBuilder AddLeatClient(this IServiceCollection services, Action<LeatOptions> configure)
    {
        services.AddOptions<LeatOptions>().Configure(configure).ValidateOnStart();
        return services.AddLeatClientCore();
    }

    /// <summary>
    /// The limiter behind <c>Leat:RequestsPerSecond</c>: a token bucket holding one second's worth of requests, so a
    /// request under the rate finds a token at once (a bucket that must wait for its timer held requests 2–5 ms even
    /// when it should have had tokens, more than the dispatcher's whole budget per call). Refilled at the rate in
    /// steps of at least 50 ms, so a high rate does not run a timer every millisecond. A request that finds the
    /// bucket empty queues, oldest first, behind at most five minutes' worth of requests; beyond that it is refused.
    /// </summary>
    internal static TokenBucketRateLimiter CreateRateLimiter(int requestsPerSecond)
    {
        var perSecond = Math.Max(1, requestsPerSecond);
        var tokensPerPeriod = Math.Max(1, perSecond / 20);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * tokensPerPeriod / perSecond),
            QueueLimit = perSecond * 300,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private static IHttpClientBuilder AddLeatClientCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeatOptions>, LeatOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One limiter for the process: every handler instance the factory builds, every client instance, waits on it.
        services.TryAddKeyedSingleton<RateLimiter>(
            LeatClient.RateLimiterKey,
            (provider, _) => CreateRateLimiter(provider.GetRequiredService<IOptions<LeatOptions>>().Value.RequestsPerSecond));
        services.TryAddTransient<LeatLogHandler>();
        services.TryAddTransient<LeatAuthHandler>();
        services.AddTransient<ILeatClient>(provider => new LeatClient(
            provider.GetRequiredService<ILeatApi>(),
            provider.GetRequiredService<IOptions<LeatOptions>>(),
            provider.GetRequiredService<ILogger<LeatClient>>(),
            provider.GetRequiredService<TimeProvider>()));

        return services
            .AddRefitGeneratedClient<ILeatApi>(LeatClient.RefitSettings)
            .ConfigureHttpClient((provider, http) => http.BaseAddress =
                new Uri(provider.GetRequiredService<IOptions<LeatOptions>>().Value.BaseUrl.TrimEnd('/') + "/api/v3/oauth/clients"))

            // Outermost: retries (GETs only — a POST creates orders and returns and is never repeated here; the
            // dispatcher looks before it resends), then the rate limiter, then the attempt timeout; the total timeout around them.
            .AddRemoteResilience("leat", provider =>
            {
                var options = provider.GetRequiredService<IOptions<LeatOptions>>().Value;
                var logger = provider.GetRequiredService<ILogger<LeatClient>>();
                return new RemoteResilienceSettings
                {
                    Retries = options.GetRetries,
                    BaseDelay = options.GetRetryBaseDelay,
                    MaxDelay = options.GetRetryMaxDelay,
                    AttemptTimeout = options.Timeout,
                    TotalTimeout = options.TotalTimeout,
                    MayRetry = request => request.Method == HttpMethod.Get,
                    Limiter = provider.GetRequiredKeyedService<RateLimiter>(LeatClient.RateLimiterKey),
                    OnRetry = (request, delay, attempt, reason) =>
                        LeatLog.Retrying(logger, LeatLogHandler.LogPath(request), (long)delay.TotalMilliseconds, attempt, reason),
                };
            })

            // Inside each attempt: the log of the answer, then the token. The auth handler marks the request as
            // handed to the network (LeatAuthHandler.SentKey), so it must stay after the limiter.
            .AddHttpMessageHandler<LeatLogHandler>()
            .AddHttpMessageHandler<LeatAuthHandler>()

            // The default HttpClient logs print full URLs, whose query strings carry customer e-mails; LeatLogHandler
            // logs method, path without query, status and duration.
            .RemoveAllLoggers();
    }
}
