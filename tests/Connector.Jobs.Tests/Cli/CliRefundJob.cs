namespace Connector.Jobs.Tests.Cli;

/// <summary>A second job type, so the command-line tests can filter by type; never run.</summary>
public sealed class CliRefundJob
{
    public Task RunAsync(string refund, CancellationToken cancellationToken) => Task.CompletedTask;
}
