namespace Connector.Jobs.Tests.Engine;

/// <summary>What the test's handler does; each test supplies its own behaviour.</summary>
internal sealed class TestBehaviour(Func<TestArgs, JobContext, CancellationToken, Task> run)
{
    public Task RunAsync(TestArgs args, JobContext context, CancellationToken cancellationToken) => run(args, context, cancellationToken);
}

internal sealed class TestHandler(TestBehaviour behaviour) : IJobHandler<TestArgs>
{
    public Task HandleAsync(TestArgs args, JobContext context, CancellationToken cancellationToken) =>
        behaviour.RunAsync(args, context, cancellationToken);
}
