using System.ComponentModel;
using Connector.Jobs;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>Syncs everything stored about one NewStore order: its sale, then its cancellations, returns and appeasements.</summary>
public sealed class NewStoreOrderSyncJob(NewStoreSync sync) : IKeyedJob
{
    [DisplayName("NewStore order {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        NewStoreJobFailure.RunAsync(() => sync.SyncOrderAsync(id, cancellationToken));
}
