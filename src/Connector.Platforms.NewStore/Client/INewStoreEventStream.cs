namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// NewStore's event-stream configuration API (<c>/api/v1/org/integrations/eventstream</c>), which
/// <c>newstore register</c> and <c>backfill newstore</c> use. Failures are <see cref="NewStoreApiException"/>.
/// Only the reads (list, get) are retried on transient failures; the writes are sent once (see
/// <c>NewStoreClientServiceCollectionExtensions</c>): the commands read the state back and a re-run converges.
/// </summary>
public interface INewStoreEventStream
{
    /// <summary>Every integration of the tenant (NewStore allows 25, temporary and stopped ones included).</summary>
    Task<IReadOnlyList<NewStoreIntegration>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One integration; null when NewStore does not know the id (404 / <c>resource_not_found</c>).</summary>
    Task<NewStoreIntegration?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>POST</c>: registers (and so starts) an integration.</summary>
    Task RegisterAsync(NewStoreIntegration integration, CancellationToken cancellationToken);

    /// <summary><c>PATCH …/{id}</c>: changes callback and filter of an existing integration.</summary>
    Task UpdateAsync(string id, NewStoreIntegrationUpdate update, CancellationToken cancellationToken);

    /// <summary><c>POST …/{id}/_start</c>.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>POST …/{id}/_stop</c>.</summary>
    Task StopAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>DELETE …/{id}</c> (path unconfirmed in NewStore's docs); also removes its logs and rejected events.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
