using System.Threading.RateLimiting;
using Connector.Http;
using Connector.Platforms.CommerceLayer;
using Connector.Platforms.CommerceLayer.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ICommerceLayerClient"/> with its options, token cache, limiter and handlers.</summary>
public static partial class CommerceLayerClientServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CommerceLayerOptions"/> from <c>CommerceLayer</c> and <see cref="CommerceLayerClientOptions"/> from
    /// <c>CommerceLayer:Client</c>, validates both at start, and registers two Refit clients with the shared resilience
    /// handler: the token endpoint and the Core API (paced by one token bucket). Reads and token requests are retried
    /// on 408/429/5xx and lost connections; the one write (creating a webhook) is sent once: <c>commercelayer
    /// register</c> reads the webhooks back first, so running it again is the retry.
    /// </summary>
    public static IServiceCollection AddCommerceLayerClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration is IConfigurationSection { Key: CommerceLayerOptions.SectionName } ? configuration : configuration.GetSection(CommerceLayerOptions.SectionName);
        services.AddOptions<CommerceLayerOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<CommerceLayerClientOptions>().Bind(section.GetSection(CommerceLayerClientOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommerceLayerOptions>, CommerceLayerClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommerceLayerClientOptions>, CommerceLayerClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommerceLayerTokenSource>();
        services.TryAddTransient<CommerceLayerAuthHandler>();
        services.TryAddTransient<CommerceLayerClient>();
        services.TryAddTransient<ICommerceLayerClient>(provider => provider.GetRequiredService<CommerceLayerClient>());

        // One bucket for every call of the process: Commerce Layer counts per IP.
        services.TryAddKeyedSingleton<RateLimiter>(LimiterKey, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<CommerceLayerClientOptions>>().Value;
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / options.RequestsPerMinute,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        });

        var refit = new RefitSettings { Buffered = true };
        services
            .AddRefitGeneratedClient<ICommerceLayerAuthApi>(refit)
            .ConfigureHttpClient((provider, http) => http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<CommerceLayerOptions>>().Value.AuthUrl.TrimEnd('/')))
            .AddRemoteResilience("commercelayer-auth", provider => Resilience(provider, static _ => true, limiter: null))
            .RemoveAllLoggers();
        services
            .AddRefitGeneratedClient<ICommerceLayerApi>(refit)
            .ConfigureHttpClient((provider, http) => http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<CommerceLayerOptions>>().Value.ResolvedBaseUrl.TrimEnd('/')))
            .AddRemoteResilience("commercelayer", provider => Resilience(provider, static r => r.Method == HttpMethod.Get, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey)))
            .AddHttpMessageHandler<CommerceLayerAuthHandler>()
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>The key of the one <see cref="RateLimiter"/> every Commerce Layer API call waits on (a keyed singleton; registered first, another wins).</summary>
    public const string LimiterKey = "commercelayer";

    private static RemoteResilienceSettings Resilience(IServiceProvider provider, Func<HttpRequestMessage, bool> mayRetry, RateLimiter? limiter)
    {
        var options = provider.GetRequiredService<IOptions<CommerceLayerClientOptions>>().Value;
        var logger = provider.GetRequiredService<ILogger<CommerceLayerClient>>();
        return new RemoteResilienceSettings
        {
            Retries = options.MaxRetries,
            BaseDelay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            AttemptTimeout = options.Timeout,
            TotalTimeout = options.TotalTimeout,
            MayRetry = mayRetry,
            Limiter = limiter,
            OnRetry = (request, delay, retry, reason) => LogRetrying(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath ?? "?", (long)delay.TotalMilliseconds, retry, reason),
        };
    }

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "Commerce Layer {Method} {Path}: retry {Retry} in {DelayMs} ms ({Reason})")]
    private static partial void LogRetrying(ILogger logger, string method, string path, long delayMs, int retry, string reason);
}
