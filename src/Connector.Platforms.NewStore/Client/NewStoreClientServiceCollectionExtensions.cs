using Connector.Http;
using Connector.Platforms.NewStore;
using Connector.Platforms.NewStore.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="INewStoreClient"/> and <see cref="INewStoreEventStream"/> with their options, token cache and handlers.</summary>
public static class NewStoreClientServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="NewStoreOptions"/> from the <c>NewStore</c> section of <paramref name="configuration"/> (the root
    /// configuration, or the <c>NewStore</c> section itself) and <see cref="NewStoreClientOptions"/> from
    /// <c>NewStore:Client</c>, validates both when the host starts, and registers two Refit clients: the identity
    /// service (token requests) and the API host (GraphQL, event-stream configuration), each with the shared
    /// resilience handler. Returns the API client's builder.
    /// </summary>
    /// <remarks>
    /// What is retried on 408/429/5xx, lost connections and attempt timeouts: token requests (a client-credentials
    /// grant changes nothing), GETs and GraphQL queries (reads; the client sends no mutations). The event-stream
    /// writes (register POST, PATCH, <c>_start</c>, <c>_stop</c>, DELETE) are sent once: a register POST whose answer
    /// was lost may have created the integration, and the commands that write read the state back first, so running
    /// the command again is the retry and it converges.
    /// </remarks>
    public static IHttpClientBuilder AddNewStoreClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration is IConfigurationSection { Key: NewStoreOptions.SectionName }
            ? configuration
            : configuration.GetSection(NewStoreOptions.SectionName);
        services.AddOptions<NewStoreOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<NewStoreClientOptions>().Bind(section.GetSection(NewStoreClientOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NewStoreOptions>, NewStoreClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NewStoreClientOptions>, NewStoreClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One token cache per process (per service provider): the single flight and the reuse depend on it.
        services.TryAddSingleton(provider => new NewStoreTokenSource(
            provider,
            provider.GetRequiredService<IOptionsMonitor<NewStoreOptions>>(),
            provider.GetRequiredService<IOptions<NewStoreClientOptions>>(),
            provider.GetRequiredService<ILogger<NewStoreClient>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddTransient<NewStoreAuthHandler>();
        services.TryAddTransient<NewStoreClientLogHandler>();
        services.TryAddTransient(provider => new NewStoreClient(
            provider.GetRequiredService<INewStoreApi>(),
            provider.GetRequiredService<IOptionsMonitor<NewStoreOptions>>(),
            provider.GetRequiredService<IOptions<NewStoreClientOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddTransient<INewStoreClient>(provider => provider.GetRequiredService<NewStoreClient>());
        services.TryAddTransient<INewStoreEventStream>(provider => provider.GetRequiredService<NewStoreClient>());

        var refit = RefitSettings.ForJsonContext(NewStoreJsonContext.Default);

        // Bodies as bytes with a Content-Length, so a retried query, or a request re-sent with a renewed token, goes
        // out unchanged.
        refit.Buffered = true;

        services
            .AddRefitGeneratedClient<INewStoreIdentityApi>(refit)
            .ConfigureHttpClient((provider, http) => http.BaseAddress =
                new Uri(provider.GetRequiredService<IOptions<NewStoreOptions>>().Value.IdentityUrl.TrimEnd('/')))
            .AddRemoteResilience("newstore-identity", provider => Resilience(provider, static _ => true))
            .AddHttpMessageHandler<NewStoreClientLogHandler>()
            .RemoveAllLoggers();

        return services
            .AddRefitGeneratedClient<INewStoreApi>(refit)
            .ConfigureHttpClient((provider, http) => http.BaseAddress =
                new Uri(provider.GetRequiredService<IOptions<NewStoreOptions>>().Value.ResolvedBaseUrl.TrimEnd('/')))
            .AddRemoteResilience("newstore", provider => Resilience(provider, IsRead))
            .AddHttpMessageHandler<NewStoreAuthHandler>()

            // Innermost, so each attempt is logged (a re-send with a renewed token too). The default HttpClient logs
            // are not ours to control.
            .AddHttpMessageHandler<NewStoreClientLogHandler>()
            .RemoveAllLoggers();
    }

    /// <summary>GETs and GraphQL queries: safe to send again.</summary>
    internal static bool IsRead(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get
        || (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith(INewStoreApi.QueryPath, StringComparison.Ordinal) == true);

    private static RemoteResilienceSettings Resilience(IServiceProvider provider, Func<HttpRequestMessage, bool> mayRetry)
    {
        var options = provider.GetRequiredService<IOptions<NewStoreClientOptions>>().Value;
        var logger = provider.GetRequiredService<ILogger<NewStoreClient>>();
        return new RemoteResilienceSettings
        {
            Retries = options.MaxRetries,
            BaseDelay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            AttemptTimeout = options.Timeout,
            TotalTimeout = options.TotalTimeout,
            MayRetry = mayRetry,
            OnRetry = (request, delay, retry, reason) => NewStoreClientLog.Retrying(
                logger, request?.Method.Method ?? "?", NewStoreClientLogHandler.LogPath(request), (long)delay.TotalMilliseconds, retry, reason),
        };
    }
}
