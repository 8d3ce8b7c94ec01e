using System.Collections.Concurrent;
using Connector.Platforms.NewStore.Client;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Tests.Sync;

/// <summary>
/// An honest stand-in for NewStore's GraphQL <c>order(id)</c>: it knows an order only once the test has "published" it
/// (the store lags the event stream), and answers null before that, as the contract says.
/// </summary>
internal sealed class PublishingNewStoreClient : INewStoreClient
{
    private readonly ConcurrentDictionary<string, NewStoreOrder> _published = new(StringComparer.Ordinal);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Publish(NewStoreOrder order) => _published[order.Id] = order;

    public Task<NewStoreOrder?> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_published.GetValueOrDefault(orderId));
    }
}
