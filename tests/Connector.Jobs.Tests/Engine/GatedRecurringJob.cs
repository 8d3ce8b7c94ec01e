using System.ComponentModel;

namespace Connector.Jobs.Tests.Engine;

/// <summary>A recurring job for the engine tests that waits on <see cref="RecurringProbe.Gate"/>.</summary>
public sealed class GatedRecurringJob(RecurringProbe probe) : IRecurringJob
{
    /// <summary>Its recurring id.</summary>
    public const string Id = "test:gated-recurring";

    [DisplayName("Gated recurring probe")]
    public Task RunAsync(CancellationToken cancellationToken) => probe.RunAsync();
}
