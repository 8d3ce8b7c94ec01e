using Connector.Platforms.Square;
using Connector.Http;
using Connector.Platforms.Square.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ISquareClient"/> with its options and handlers.</summary>
public static class SquareServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SquareOptions"/> from the <c>Square</c> section of <paramref name="configuration"/> (the root
    /// configuration, or the <c>Square</c> section itself) and <see cref="SquareClientOptions"/> from
    /// <c>Square:Client</c>, validates both when the host starts, and registers the Refit client of <see cref="ISquareApi"/> with its resilience handler (retries, attempt
    /// timeout from <c>Square:Client:*</c>) behind <see cref="ISquareClient"/>.
    /// </summary>
    public static IHttpClientBuilder AddSquareClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration is IConfigurationSection { Key: SquareOptions.SectionName }
            ? configuration
            : configuration.GetSection(SquareOptions.SectionName);
        services.AddOptions<SquareOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<SquareClientOptions>().Bind(section.GetSection(SquareClientOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SquareOptions>, SquareOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SquareClientOptions>, SquareOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<SquareAuthHandler>();

        services.TryAddTransient<SquareClientLogHandler>();
        services.TryAddTransient<ISquareClient>(provider => new SquareClient(
            provider.GetRequiredService<ISquareApi>(),
            provider.GetRequiredService<IOptions<SquareClientOptions>>(),
            provider.GetRequiredService<ILogger<SquareClient>>(),
            provider.GetRequiredService<TimeProvider>()));

        var refit = new RefitSettings(SystemTextJsonContentSerializer.ForContext(SquareJsonContext.Default))
        {
            // Bodies as bytes with a Content-Length, so the resilience handler can send a retried search unchanged.
            RequestBodySerialization = RequestBodySerializationMode.Buffered,
        };
        // The source-generated client: Refit 16's AddRefitClient needs its reflection request builder (the
        // Refit.Reflection package), which this generated one does without.
        return services
            .AddRefitGeneratedClient<ISquareApi>(refit)
            .ConfigureHttpClient((provider, http) => http.BaseAddress =
                new Uri(provider.GetRequiredService<IOptions<SquareOptions>>().Value.BaseUrl.TrimEnd('/')))

            // Every Square call is a read or an idempotent search (POST included), so every request may be retried.
            .AddRemoteResilience("square", provider =>
            {
                var options = provider.GetRequiredService<IOptions<SquareClientOptions>>().Value;
                var logger = provider.GetRequiredService<ILogger<SquareClient>>();
                return new RemoteResilienceSettings
                {
                    Retries = options.MaxRetries,
                    BaseDelay = options.RetryBaseDelay,
                    MaxDelay = options.RetryMaxDelay,
                    AttemptTimeout = options.Timeout,
                    TotalTimeout = options.TotalTimeout,
                    MayRetry = static _ => true,
                    OnRetry = (request, delay, retry, reason) => SquareClientLog.Retrying(
                        logger, request?.Method.Method ?? "?", SquareClientLogHandler.LogPath(request), (long)delay.TotalMilliseconds, retry, reason),
                };
            })
            .AddHttpMessageHandler<SquareAuthHandler>()

            // Innermost, so each attempt is logged. The default HttpClient logs print full URLs (customer ids, query
            // strings) and are not ours to control.
            .AddHttpMessageHandler<SquareClientLogHandler>()
            .RemoveAllLoggers();
    }
}
