using Connector.Jobs;

namespace Connector.Core.Tests.Dashboard;

/// <summary>A second keyed kind (<c>square:refund</c>), so Search widens terms over more than one kind.</summary>
public sealed class NoopRefundJob : IKeyedJob
{
    public Task RunAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;
}
