namespace Connector.Jobs.Tests.Cli;

/// <summary>A job type for the command-line tests' Failed jobs; never run (the tests start no job server).</summary>
public sealed class CliOrderJob
{
    public Task RunAsync(string order, CancellationToken cancellationToken) => Task.CompletedTask;
}
