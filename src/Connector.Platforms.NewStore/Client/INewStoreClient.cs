using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// What the NewStore slice asks of NewStore's APIs. The implementation is a Refit client behind OAuth2 client
/// credentials; its failures are <see cref="NewStoreApiException"/> (permanent or transient, with NewStore's message).
/// </summary>
public interface INewStoreClient
{
    /// <summary>
    /// The order by UUID from GraphQL <c>order(id)</c>, converted to the event's order document; null when NewStore does
    /// not know it (yet: the GraphQL store lags the event stream, so the caller retries later).
    /// </summary>
    Task<NewStoreOrder?> GetOrderAsync(string orderId, CancellationToken cancellationToken);
}
