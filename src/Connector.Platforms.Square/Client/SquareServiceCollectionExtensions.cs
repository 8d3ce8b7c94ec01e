using Connector.Platforms.Square;
using Connector.Platforms.Square.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ISquareClient"/> with its options and handlers.</summary>
public static class SquareServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SquareOptions"/> from the <c>Square</c> section of <paramref name="configuration"/> (the root
    /// configuration, or the <c>Square</c> section itself) and <see cref="SquareClientOptions"/> from
    /// <c>Square:Client</c>, validates both when the host starts, and registers the typed client.
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

        return services
            .AddHttpClient<ISquareClient, SquareClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<SquareOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");

                // SquareClient applies Square:Client:Timeout per attempt itself, to tell a timeout from the caller cancelling.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<SquareAuthHandler>()

            // The default HttpClient logs print full URLs and are not ours to control; SquareClient logs method, path
            // without query, status and duration itself.
            .RemoveAllLoggers();
    }
}
