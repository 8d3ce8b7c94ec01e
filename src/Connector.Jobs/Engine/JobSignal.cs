namespace Connector.Jobs.Engine;

/// <summary>
/// A coalescing wake-up: any number of <see cref="Notify"/> calls complete the task handed out by <see cref="Next"/>
/// once. The fetcher takes <see cref="Next"/> before it queries, so a wake-up that arrives during the query is not lost.
/// </summary>
internal sealed class JobSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
