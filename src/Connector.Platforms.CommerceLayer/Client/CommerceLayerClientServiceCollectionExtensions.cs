using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="Connector.Platforms.CommerceLayer.Client.ICommerceLayerClient"/> with its options, token cache, limiter and handlers.</summary>
public static class CommerceLayerClientServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>CommerceLayer</c> (and <c>CommerceLayer:Client</c>), validates them at start, and registers the Refit
    /// client behind <see cref="Connector.Platforms.CommerceLayer.Client.ICommerceLayerClient"/>.
    /// </summary>
    public static IServiceCollection AddCommerceLayerClient(this IServiceCollection services, IConfiguration configuration) =>
        throw new NotSupportedException("The Commerce Layer client is registered by the client slice (placeholder until it lands).");
}
