using System.Collections.Concurrent;
using System.Diagnostics;
using Connector.Jobs.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Jobs;

/// <summary>
/// The job engine of one process: one fetcher claims batches of jobs for up to <see cref="JobsOptions.WorkerCount"/>
/// concurrent workers, one completer records their results (everything finished while the previous write was in flight
/// goes in one statement), one heartbeat renews their leases, one self-healing LISTEN connection wakes the fetcher, and
/// background loops fire recurring jobs, refresh the server registry and prune old succeeded jobs.
/// </summary>
public sealed class JobEngine : IHostedService, IAsyncDisposable, IDisposable
{
    private static readonly string[] LiveStates = ["scheduled", "enqueued", "processing"];

    private readonly NpgsqlDataSource _dataSource;
    private readonly IServiceProvider _services;
    private readonly JobsOptions _options;
    private readonly JobSignal _signal;
    private readonly JobsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JobClient _client;
    private readonly JobStore _store;
    private readonly JobCompleter _completer;
    private readonly Dictionary<string, JobHandlerRegistration> _handlers;
    private readonly IReadOnlyList<RecurringJobRegistration> _recurring;
    private readonly HashSet<string> _queues;
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _stopBackground = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly List<Task> _fetchLoops = [];
    private readonly List<Task> _backgroundLoops = [];
    private NpgsqlConnection? _fetchConnection;
    private DateTimeOffset _startedAt;
    private int _started;
    private int _stopped;

    internal JobEngine(
        NpgsqlDataSource dataSource,
        IServiceProvider services,
        IOptions<JobsOptions> options,
        JobSignal signal,
        JobsMetrics metrics,
        TimeProvider time,
        ILogger<JobEngine> logger,
        JobClient client,
        IEnumerable<JobHandlerRegistration> handlers,
        IEnumerable<RecurringJobRegistration> recurring)
    {
        _dataSource = dataSource;
        _services = services;
        _options = options.Value;
        _signal = signal;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _client = client;
        _store = new JobStore(dataSource);
        _completer = new JobCompleter(dataSource, _store);
        _handlers = [];
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Kind, handler))
            {
                throw new InvalidOperationException(
                    $"Two handlers are registered for job kind '{handler.Kind}': {_handlers[handler.Kind].HandlerType.Name} and {handler.HandlerType.Name}.");
            }
        }

        _recurring = recurring.ToList();
        _queues = new HashSet<string>(_options.Queues, StringComparer.Ordinal);
        _slots = new SemaphoreSlim(_options.WorkerCount, _options.WorkerCount);
        ServerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This instance's id in <c>jobs.server</c> and the prefix of its workers' names.</summary>
    public string ServerId { get; }

    /// <summary>Raised after each dequeue statement (tests wait on it instead of sleeping).</summary>
    internal event Action? Fetched;

    /// <summary>Raised after each pass over the recurring schedules.</summary>
    internal event Action? RecurringChecked;

    /// <summary>Raised each time the LISTEN connection is (re)established.</summary>
    internal event Action? Listening;

    internal JobStore Store => _store;

    internal JobCompleter Completer => _completer;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        if (_options.MigrateSchemaOnStart)
        {
            await JobsSchema.MigrateAsync(_dataSource, cancellationToken);
        }

        _startedAt = _time.GetUtcNow();
        await HeartbeatServerAsync(cancellationToken);
        foreach (var registration in _recurring)
        {
            await _client.UpsertRecurringAsync(registration.Definition, cancellationToken);
        }

        _completer.Start();
        _backgroundLoops.Add(Task.Run(() => ListenLoopAsync(_stopBackground.Token), CancellationToken.None));
        _backgroundLoops.Add(Task.Run(() => LeaseHeartbeatLoopAsync(_stopBackground.Token), CancellationToken.None));
        _backgroundLoops.Add(Task.Run(() => ServerHeartbeatLoopAsync(_stopBackground.Token), CancellationToken.None));
        _backgroundLoops.Add(Task.Run(() => RetentionLoopAsync(_stopBackground.Token), CancellationToken.None));
        _fetchLoops.Add(Task.Run(() => RecurringLoopAsync(_stopFetching.Token), CancellationToken.None));
        _fetchLoops.Add(Task.Run(() => FetchLoopAsync(_stopFetching.Token), CancellationToken.None));
        JobsLog.EngineStarted(_logger, ServerId, _options.WorkerCount, string.Join(",", _options.Queues));
    }

    /// <summary>
    /// Stops fetching, lets running jobs finish within <see cref="JobsOptions.ShutdownTimeout"/> (or until the host's
    /// token fires), then cancels the rest and puts them back in the queue with the reason "Released at shutdown".
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) == 0 || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopFetching.CancelAsync();
        await Task.WhenAll(_fetchLoops);

        var running = Task.WhenAll(_running.Values.Select(r => r.Done.Task));
        using (var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            grace.CancelAfter(_options.ShutdownTimeout);
            await running.WaitAsync(grace.Token).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var released = 0;
        if (!running.IsCompleted)
        {
            // Handlers that honour cancellation end here and release their own job (fenced by the lease token).
            released = _running.Count;
            await _abortJobs.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // Handlers that ignore cancellation: release their jobs anyway (together, so the completer writes them in one
            // statement); their late result is refused by fencing.
            await Task.WhenAll(_running.Values.Select(stuck => ReleaseAsync(stuck.Job)));
        }

        // Every attempt that ended has handed its completion in by now; write them all before the engine says it stopped.
        await _completer.StopAsync();

        await _stopBackground.CancelAsync();
        await Task.WhenAll(_backgroundLoops);
        try
        {
            await _store.RemoveServerAsync(ServerId, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            JobsLog.ServerHeartbeatFailed(_logger, e);
        }

        JobsLog.EngineStopped(_logger, ServerId, released);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (!_running.IsEmpty)
        {
            return; // a handler that ignored cancellation still holds a slot and a token; leave them to the GC
        }

        _stopFetching.Dispose();
        _stopBackground.Dispose();
        _abortJobs.Dispose();
        _slots.Dispose();
    }

    /// <summary>
    /// Synchronous disposal (a container disposed without <c>await</c>): stops every loop and cancels running handlers
    /// without waiting; unfinished jobs are not released, so they run again once their lease expires.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _stopFetching.Cancel();
        _abortJobs.Cancel();
        _stopBackground.Cancel();
        _completer.Close();
    }

    /// <summary>Wakes the fetcher, as a NOTIFY or a local enqueue would.</summary>
    internal void Wake() => _signal.Notify();

    private async Task FetchLoopAsync(CancellationToken stopping)
    {
        try
        {
            await FetchUntilStoppedAsync(stopping);
        }
        finally
        {
            await DropFetchConnectionAsync();
        }
    }

    private async Task DropFetchConnectionAsync()
    {
        if (_fetchConnection is { } connection)
        {
            _fetchConnection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task FetchUntilStoppedAsync(CancellationToken stopping)
    {
        var failures = 0;
        var lastClaim = 0L;
        while (!stopping.IsCancellationRequested)
        {
            // Claim only for idle workers, so no job's lease ticks while it waits for a worker.
            try
            {
                await _slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var free = 1;
            while (free < _options.BatchSize && _slots.Wait(0))
            {
                free++;
            }

            // Taken before the query: a wake-up that arrives while the query runs makes the next wait return at once.
            var wakeup = _signal.Next;
            lastClaim = Stopwatch.GetTimestamp();
            IReadOnlyList<ClaimedJob> jobs;
            try
            {
                // The fetcher keeps one connection: an idle engine's poll is then a single statement, without the reset
                // statements a pooled connection sends each time it is handed out again. A broken one is replaced.
                _fetchConnection ??= await _dataSource.OpenConnectionAsync(stopping);
                jobs = await JobStore.ClaimAsync(_fetchConnection, _options.Queues, free, ServerId, _time.GetUtcNow(), _options.LeaseDuration, stopping);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                _slots.Release(free);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                _slots.Release(free);
                await DropFetchConnectionAsync();

                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures++, 7))));
                JobsLog.FetchFailed(_logger, e, delay);
                await DelayAsync(delay, stopping);
                continue;
            }

            if (jobs.Count < free)
            {
                _slots.Release(free - jobs.Count);
            }

            foreach (var job in jobs)
            {
                var running = new RunningJob(job, CancellationTokenSource.CreateLinkedTokenSource(_abortJobs.Token));
                _running[job.Id] = running;
                _ = Task.Run(() => RunAsync(running), CancellationToken.None);
            }

            Fetched?.Invoke();
            if (jobs.Count == free)
            {
                continue; // there may be more
            }

            await WaitAsync(wakeup, _options.FallbackPollInterval, stopping);

            // Under a stream of enqueues every one wakes the fetcher: claiming at most once per cooldown lets the
            // jobs that arrive meanwhile share one statement. Wall-clock time on purpose (a CPU trade, not a schedule).
            var cooldown = _options.FetchCooldown - Stopwatch.GetElapsedTime(lastClaim);
            if (cooldown > TimeSpan.Zero)
            {
                await Task.Delay(cooldown, stopping).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task RunAsync(RunningJob running)
    {
        var job = running.Job;
        try
        {
            var started = _time.GetUtcNow();
            _metrics.StartLatency.Record(Math.Max(0, (started - job.RunAt).TotalMilliseconds), new KeyValuePair<string, object?>("queue", job.Queue));
            var transition = await ExecuteAsync(running);
            if (transition is null)
            {
                return;
            }

            bool accepted;
            try
            {
                accepted = await _completer.CompleteAsync(job.Id, job.LeaseToken, transition, _time.GetUtcNow());
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                JobsLog.FinishFailed(_logger, e, job.Id);
                return;
            }

            if (!accepted)
            {
                JobsLog.LeaseLost(_logger, job.Id, job.Kind, job.Attempt);
                return;
            }

            var tags = new KeyValuePair<string, object?>("kind", job.Kind);
            switch (transition.Outcome)
            {
                case "succeeded":
                    _metrics.Processed.Add(1, tags);
                    break;
                case "retry":
                    _metrics.Retried.Add(1, tags);
                    break;
                case "failed":
                    _metrics.Failed.Add(1, tags);
                    break;
            }
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            running.Cancellation.Dispose();
            _slots.Release();
            running.Done.TrySetResult();
        }
    }

    /// <summary>Runs one attempt and decides the job's next state; null when nothing should be written.</summary>
    private async Task<JobTransition?> ExecuteAsync(RunningJob running)
    {
        var job = running.Job;
        if (!_handlers.TryGetValue(job.Kind, out var handler))
        {
            var reason = $"No handler registered for kind {job.Kind}";
            JobsLog.JobFailed(_logger, null, job.Id, job.Kind, reason);
            return JobTransition.Failed(reason, reason, null);
        }

        var context = new JobContext(job.Id, job.Kind, job.Attempt, job.MaxAttempts, job.BusinessKey, job.Queue) { ArgsVersion = job.ArgsVersion };
        try
        {
            await using var scope = _services.CreateAsyncScope();
            await handler.InvokeAsync(scope.ServiceProvider, job.Args, context, running.Cancellation.Token);
            return JobTransition.Succeeded(job.Attempt);
        }
        catch (Exception) when (_abortJobs.IsCancellationRequested)
        {
            // Stopped for good before the handler finished: hand the job back instead of counting a failure.
            await ReleaseAsync(job);
            return null;
        }
        catch (Exception e) when (e is PermanentJobFailureException or JobArgumentsException)
        {
            var reason = $"Failed permanently on attempt {job.Attempt}: {e.Message}";
            JobsLog.JobFailed(_logger, e, job.Id, job.Kind, reason);
            return JobTransition.Failed(reason, e.Message, e.ToString());
        }
        catch (Exception e)
        {
            if (job.Attempt >= job.MaxAttempts)
            {
                var reason = $"Attempts exhausted ({job.Attempt} of {job.MaxAttempts}): {e.Message}";
                JobsLog.JobFailed(_logger, e, job.Id, job.Kind, reason);
                return JobTransition.Failed(reason, e.Message, e.ToString());
            }

            var delay = e is RetryJobException retry
                ? retry.RetryAfter
                : RetryPolicy.Delay(job.Attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared);
            // PostgreSQL keeps microseconds; rounding here makes the stored reason quote exactly the stored run_at.
            var runAt = _time.GetUtcNow() + delay;
            runAt = runAt.AddTicks(-(runAt.UtcTicks % 10));
            if (e is RetryJobException)
            {
                JobsLog.JobDeferred(_logger, job.Id, job.Kind, job.Attempt, runAt, e.Message);
            }
            else
            {
                JobsLog.JobRetrying(_logger, e, job.Id, job.Kind, job.Attempt, runAt);
            }

            return JobTransition.Retry(runAt, $"Retry {job.Attempt} of {job.MaxAttempts} at {runAt:O}: {e.Message}", e);
        }
    }

    private async Task ReleaseAsync(ClaimedJob job)
    {
        try
        {
            await _completer.CompleteAsync(job.Id, job.LeaseToken, JobTransition.Released("Released at shutdown"), _time.GetUtcNow());

            // Another instance may take it now rather than at its next poll.
            _client.NotifyCommitted(job.Queue);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            JobsLog.ReleaseFailed(_logger, e, job.Id);
        }
    }

    private async Task LeaseHeartbeatLoopAsync(CancellationToken stopping)
    {
        while (await DelayAsync(_options.HeartbeatInterval, stopping))
        {
            var leases = _running.Values.Select(r => (r.Job.Id, r.Job.LeaseToken)).ToList();
            if (leases.Count == 0)
            {
                continue; // an idle engine sends nothing
            }

            try
            {
                var renewed = await _store.RenewAsync(leases, _time.GetUtcNow() + _options.LeaseDuration, stopping);
                foreach (var (id, _) in leases)
                {
                    if (!renewed.Contains(id) && _running.TryGetValue(id, out var lost))
                    {
                        // Another worker owns the job now: stop this copy, its result would be refused anyway.
                        await lost.Cancellation.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                JobsLog.HeartbeatFailed(_logger, e);
            }
        }
    }

    private async Task ListenLoopAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, e) =>
                {
                    if (_queues.Contains(e.Payload))
                    {
                        _signal.Notify();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {JobClient.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }

                failures = 0;

                // Catch up: anything enqueued while nobody was listening would otherwise wait for the fallback poll.
                _signal.Notify();
                Listening?.Invoke();
                try
                {
                    while (true)
                    {
                        if (!await connection.WaitAsync(TimeSpan.FromMinutes(1), stopping))
                        {
                            // A silent minute: prove the connection is alive (a dead one throws and is replaced).
                            await using var ping = new NpgsqlCommand("SELECT 1", connection);
                            await ping.ExecuteScalarAsync(stopping);
                        }
                    }
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * Math.Pow(2, Math.Min(failures++, 7))));
                JobsLog.ListenerFailed(_logger, e, delay);
                await DelayAsync(delay, stopping);
            }
        }
    }

    /// <summary>
    /// Stops listening before the connection goes back to the pool: pooled connections may be handed out without a
    /// reset, and one still listening would collect notifications nobody reads. A broken connection is not pooled.
    /// </summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
        {
            // The connection is broken, so it is discarded rather than pooled: nothing is left listening.
        }
    }

    private async Task RecurringLoopAsync(CancellationToken stopping)
    {
        do
        {
            try
            {
                await FireRecurringAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                JobsLog.RecurringFailed(_logger, e);
            }

            RecurringChecked?.Invoke();
        }
        while (await DelayAsync(_options.RecurringPollInterval, stopping));
    }

    /// <summary>
    /// Fires the due schedules. A firing is a conditional UPDATE of <c>next_run_at</c> from the value read, so when
    /// several instances see the same slot exactly one wins it. A slot whose previous run is unfinished is skipped
    /// (no overlap); a schedule that fell behind fires once and moves to the next slot after now (missed slots are skipped).
    /// </summary>
    internal async Task FireRecurringAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = new List<(string Id, string Kind, string Args, string Cron, string Queue, DateTimeOffset NextRunAt, bool Triggered)>();
        await using (var select = _dataSource.CreateCommand(
            "SELECT id, kind, args::text, cron, queue, next_run_at, trigger_requested FROM jobs.recurring WHERE enabled AND (next_run_at <= @now OR trigger_requested)"))
        {
            select.Parameters.AddWithValue("now", now);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6)));
            }
        }

        foreach (var schedule in due)
        {
            DateTimeOffset next;
            try
            {
                next = CronSchedule.NextAfter(schedule.Cron, now);
            }
            catch (NCrontab.CrontabException e)
            {
                JobsLog.RecurringInvalidCron(_logger, e, schedule.Id, schedule.Cron);
                continue;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            long? previousJob;
            string? previousState;
            await using (var claim = new NpgsqlCommand(
                """
                UPDATE jobs.recurring r
                SET next_run_at = @next, trigger_requested = false, updated_at = @now
                WHERE r.id = @id AND r.enabled AND r.next_run_at = @seen AND r.trigger_requested = @seen_trigger
                RETURNING r.last_job_id, (SELECT j.state FROM jobs.job j WHERE j.id = r.last_job_id)
                """, connection, transaction))
            {
                claim.Parameters.AddWithValue("id", schedule.Id);
                claim.Parameters.AddWithValue("next", next);
                claim.Parameters.AddWithValue("now", now);
                claim.Parameters.AddWithValue("seen", schedule.NextRunAt);
                claim.Parameters.AddWithValue("seen_trigger", schedule.Triggered);
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    continue; // another instance fired this slot (the transaction rolls back on dispose)
                }

                previousJob = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                previousState = reader.IsDBNull(1) ? null : reader.GetString(1);
            }

            if (previousJob is { } runningJob && previousState is not null && LiveStates.Contains(previousState))
            {
                await transaction.CommitAsync(cancellationToken);
                JobsLog.RecurringOverlap(_logger, schedule.Id, runningJob);
                continue;
            }

            var job = await _client.InsertAsync(connection, transaction, schedule.Kind, schedule.Args, new EnqueueOptions { Queue = schedule.Queue }, schedule.Id, cancellationToken);
            await using (var record = new NpgsqlCommand("UPDATE jobs.recurring SET last_job_id = @job, last_run_at = @now WHERE id = @id", connection, transaction))
            {
                record.Parameters.AddWithValue("job", job.Id);
                record.Parameters.AddWithValue("now", now);
                record.Parameters.AddWithValue("id", schedule.Id);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _client.NotifyCommitted(schedule.Queue);
        }
    }

    private Task ServerHeartbeatLoopAsync(CancellationToken stopping) =>
        EveryAsync(_options.ServerHeartbeatInterval, HeartbeatServerAsync, e => JobsLog.ServerHeartbeatFailed(_logger, e), stopping);

    private Task HeartbeatServerAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return _store.HeartbeatServerAsync(ServerId, _options.WorkerCount, _options.Queues, _startedAt, now, now - (5 * _options.ServerHeartbeatInterval), cancellationToken);
    }

    private Task RetentionLoopAsync(CancellationToken stopping) =>
        EveryAsync(_options.RetentionInterval, PruneAsync, e => JobsLog.PruneFailed(_logger, e), stopping);

    /// <summary>Runs <paramref name="work"/> every <paramref name="interval"/> until stopped; a database failure is logged and the next round tries again.</summary>
    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> work, Action<Exception> failed, CancellationToken stopping)
    {
        while (await DelayAsync(interval, stopping))
        {
            try
            {
                await work(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                failed(e);
            }
        }
    }

    /// <summary>Deletes succeeded jobs older than <see cref="JobsOptions.SucceededRetention"/>; failed jobs are kept.</summary>
    internal async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.SucceededRetention;
        var deleted = await _store.PruneSucceededAsync(cutoff, 1000, cancellationToken);
        if (deleted > 0)
        {
            JobsLog.Pruned(_logger, deleted, cutoff);
        }

        // Fresh statistics on every maintenance round, whatever autovacuum's schedule: the claim and completion
        // statements are prepared once per connection, and a plan made while the tables were nearly empty (a fresh
        // install) scans them whole until statistics change. Measured: thousands of job_attempt rows per completion.
        await _store.AnalyzeAsync(cancellationToken);
        return deleted;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitAsync(Task wakeup, TimeSpan timeout, CancellationToken stopping)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = Task.Delay(timeout, _time, timer.Token);
        await Task.WhenAny(wakeup, delay);
        await timer.CancelAsync();
    }

    private sealed class RunningJob(ClaimedJob job, CancellationTokenSource cancellation)
    {
        public ClaimedJob Job { get; } = job;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
