using Connector.Leat;
using Connector.Leat.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ILeatClient"/> with its options, handlers and the process-wide rate limiter.</summary>
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

    private static IHttpClientBuilder AddLeatClientCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeatOptions>, LeatOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeatRateLimiter>();
        services.TryAddTransient<LeatRateLimitHandler>();
        services.TryAddTransient<LeatAuthHandler>();

        return services
            .AddHttpClient<ILeatClient, LeatClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<LeatOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/api/v3/oauth/clients/");

                // LeatClient applies Leat:Timeout per attempt itself, to tell a timeout from the caller cancelling.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<LeatRateLimitHandler>()
            .AddHttpMessageHandler<LeatAuthHandler>()

            // The default HttpClient logs print full URLs, whose query strings carry customer e-mails; LeatClient logs
            // method, path without query, status and duration itself.
            .RemoveAllLoggers();
    }
}
