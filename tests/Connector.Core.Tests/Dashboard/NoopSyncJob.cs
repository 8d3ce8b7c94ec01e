using Connector.Jobs;

namespace Connector.Core.Tests.Dashboard;

/// <summary>A keyed job type for the page tests: its jobs are created directly in a state, never run.</summary>
public sealed class NoopSyncJob : IKeyedJob
{
    public Task RunAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;
}
