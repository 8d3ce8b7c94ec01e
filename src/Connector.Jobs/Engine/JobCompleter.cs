using System.Threading.Channels;
using Npgsql;

namespace Connector.Jobs.Engine;

/// <summary>
/// Group commit of finished attempts. Workers hand their completion to <see cref="CompleteAsync"/> and await whether the
/// lease was still theirs; one loop takes everything queued (up to the batch cap), writes it in one statement and answers
/// each worker. While a write is in flight the next completions queue up, so a lone completion is written at once (no
/// timer, no batch window) and under load one round trip serves many jobs.
/// </summary>
internal sealed class JobCompleter : IAsyncDisposable
{
    /// <summary>The most completions written by one statement: enough to absorb any burst of workers, small enough to keep the statement's locks short.</summary>
    public const int DefaultMaxBatch = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly JobStore _store;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;
    private NpgsqlConnection? _connection;

    public JobCompleter(NpgsqlDataSource dataSource, JobStore store, int maxBatch = DefaultMaxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _dataSource = dataSource;
        _store = store;
        _maxBatch = maxBatch;
    }

    /// <summary>Raised after each statement the loop ran, with the number of completions it wrote (tests count round trips with it).</summary>
    public event Action<int>? Written;

    /// <summary>
    /// Records the end of an attempt; true when the lease was still ours, false when the write was refused (fencing).
    /// A failed write throws here, to each worker of the batch, as the single write did.
    /// </summary>
    public Task<bool> CompleteAsync(long id, Guid leaseToken, JobTransition transition, DateTimeOffset now)
    {
        var pending = new Pending(new JobCompletion(id, leaseToken, transition, now));
        if (_queue.Writer.TryWrite(pending))
        {
            return pending.Result.Task;
        }

        // Stopped: a handler that ignored cancellation reports after shutdown. Nothing batches any more, so it is written
        // on its own; fencing refuses it if its job was released meanwhile.
        return _store.FinishAsync(id, leaseToken, transition, now, CancellationToken.None);
    }

    /// <summary>Starts the write loop. Completions handed in before the start wait for it.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }
    }

    /// <summary>Accepts no more completions into batches and returns once every one already handed in is written and answered.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        Start(); // a completer that never started still owes its queued completions a write
        await _loop!;
    }

    /// <summary>Stops accepting completions without waiting; the loop still writes what was queued, then ends.</summary>
    public void Close() => _queue.Writer.TryComplete();

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var ids = new HashSet<long>();
        var deferred = new List<Pending>();
        try
        {
            while (true)
            {
                if (deferred.Count == 0 && !_queue.Reader.TryPeek(out _))
                {
                    // Nothing to write: hand the connection back to the pool, which prunes idle connections. Kept through a
                    // long quiet spell, it could be cut by a firewall and fail the next completion.
                    await DropConnectionAsync();
                    if (!await _queue.Reader.WaitToReadAsync())
                    {
                        return;
                    }
                }

                batch.Clear();
                ids.Clear();

                // Two reports for one job (a release at shutdown and the handler's own late result) never share a statement:
                // one UPDATE touches a row once, so both would look accepted. The later one waits for the next statement,
                // which sees the first one's effect, exactly as two single writes in that order would. Older reports go
                // first, and nothing new is read while one is held back, so each job's reports keep their order.
                if (deferred.Count > 0)
                {
                    var carried = deferred.ToList();
                    deferred.Clear();
                    foreach (var pending in carried)
                    {
                        (batch.Count < _maxBatch && ids.Add(pending.Completion.Id) ? batch : deferred).Add(pending);
                    }
                }

                while (deferred.Count == 0 && batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
                {
                    (ids.Add(next.Completion.Id) ? batch : deferred).Add(next);
                }

                await WriteAsync(batch);
            }
        }
        finally
        {
            await DropConnectionAsync();
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        HashSet<long> accepted;
        try
        {
            // Back-to-back writes share one connection, without the reset a pooled connection sends each time it is handed
            // out again. A broken one is replaced by the next write.
            _connection ??= await _dataSource.OpenConnectionAsync(CancellationToken.None);
            accepted = await JobStore.FinishAsync(_connection, batch.Select(p => p.Completion).ToList(), CancellationToken.None);
        }
        catch (PostgresException e) when (batch.Count > 1 && IsCausedByOneRow(e))
        {
            // The statement is atomic, so nothing was written: write each alone, and only the job that caused it fails.
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }

            return;
        }
        catch (Exception e)
        {
            // Each worker sees the failure as it saw its own failed write before; the loop carries on with the next batch.
            if (e is not PostgresException)
            {
                await DropConnectionAsync();
            }

            foreach (var pending in batch)
            {
                pending.Result.TrySetException(e);
            }

            return;
        }

        Written?.Invoke(batch.Count);
        foreach (var pending in batch)
        {
            pending.Result.TrySetResult(accepted.Contains(pending.Completion.Id));
        }
    }

    /// <summary>
    /// Errors one report can cause for everyone in its statement: text PostgreSQL cannot store (class 22, e.g. a NUL in an
    /// exception message), or a deadlock with another statement over some of the rows. Connection-level failures are not
    /// retried row by row; they would only fail again, once per job.
    /// </summary>
    private static bool IsCausedByOneRow(PostgresException e) =>
        e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState == PostgresErrorCodes.DeadlockDetected;

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private sealed class Pending(JobCompletion completion)
    {
        public JobCompletion Completion { get; } = completion;

        // Workers resume on the thread pool, not on the loop: the next batch is not held up by their metrics and logging.
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
