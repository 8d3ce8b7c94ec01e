using System.ComponentModel;
using Connector.Jobs;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>Records a blind return (no order) as skipped, with the reason.</summary>
public sealed class NewStoreBlindReturnJob(NewStoreSync sync) : IKeyedJob
{
    [DisplayName("NewStore blind return {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        NewStoreJobFailure.RunAsync(() => sync.SyncBlindReturnAsync(id, cancellationToken));
}
