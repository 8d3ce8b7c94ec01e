using System.Text.Json.Serialization;
using Connector.Jobs;

namespace Connector.Benchmarks;

internal sealed record NoopArgs([property: JsonPropertyName("n")] int N);

/// <summary>Does nothing but report that it ran, so the benchmark measures the engine alone.</summary>
internal sealed class NoopHandler(NoopHandler.Probe probe) : IJobHandler<NoopArgs>
{
    public Task HandleAsync(NoopArgs args, JobContext context, CancellationToken cancellationToken)
    {
        probe.OnRun();
        return Task.CompletedTask;
    }

    internal sealed class Probe(Action onRun)
    {
        public Action OnRun { get; } = onRun;
    }
}
