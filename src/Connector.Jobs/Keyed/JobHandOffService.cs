using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs;

/// <summary>
/// Creates the Hangfire job of each requested key (a few readers, so a burst of webhooks is handed over in
/// parallel), and every <see cref="JobsOptions.SweepInterval"/> hands over what no live instance did and ends the
/// rows of jobs that ended without saying so (a crash between a job's end and its bookkeeping).
/// </summary>
internal sealed partial class JobHandOffService(
    JobIntake intake,
    KeyedWorkStore store,
    JobRegistry registry,
    IBackgroundJobClientV2 client,
    JobStorage storage,
    JobsOptions options,
    ILogger<JobHandOffService> logger) : BackgroundService
{
    private const int Readers = 2;
    private const int SweepBatch = 500;
    private const int DeadlockAttempts = 3;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([.. Enumerable.Range(1, Readers).Select(i => OnOwnThread($"Job hand-off {i}", () => HandOffLoop(stoppingToken))), SweepLoopAsync(stoppingToken)]);

    /// <summary>
    /// Runs <paramref name="loop"/> on a thread of its own. Hangfire's client is synchronous: a hand-off blocks its
    /// thread for a few database round trips. On the thread pool each busy reader would hold a pool thread, and the
    /// pool starts with one thread per core, so on a small machine webhook answers queued behind the hand-offs their
    /// own requests caused.
    /// </summary>
    private static Task OnOwnThread(string name, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    private void HandOffLoop(CancellationToken stoppingToken)
    {
        var reader = intake.HandOffs;
        try
        {
            // Blocks this thread (and only it) while nothing is requested.
            while (reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var work))
                {
                    HandOffRetryingDeadlocks(work);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void HandOffRetryingDeadlocks(KeyedWork work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                HandOff(work);
                return;
            }
            catch (Exception e) when (attempt < DeadlockAttempts && IsDeadlock(e))
            {
                // PostgreSQL chose this hand-off's transaction to break a deadlock with a concurrent one (seen
                // once in 10 000 under load): the standard answer is to run it again, not to wait for a sweep.
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or BackgroundJobClientException)
            {
                // The row stays requested; the sweeper hands it over once the database answers again.
                LogHandOffFailed(logger, work.Key, e.Message);
                return;
            }
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or BackgroundJobClientException)
                {
                    LogSweepFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sweep; returns how many keys it handed over and how many rows it ended.</summary>
    internal async Task<(int HandedOver, int Ended)> SweepAsync(CancellationToken cancellationToken)
    {
        var handed = 0;
        foreach (var work in await store.UnhandedAsync(options.SweepGrace, SweepBatch, cancellationToken))
        {
            handed += HandOff(work) ? 1 : 0;
        }

        if (handed > 0)
        {
            LogSwept(logger, handed);
        }

        var ended = 0;
        using var connection = storage.GetConnection();
        foreach (var (work, jobId) in await store.QuietAsync(options.SweepQuietAge, SweepBatch, cancellationToken))
        {
            var state = connection.GetStateData(jobId)?.Name;
            if (state is null || HangfireStates.IsEnded(state))
            {
                ended++;
                if (store.Ended(work, jobId))
                {
                    handed += HandOff(work) ? 1 : 0;
                }
            }
            else
            {
                await store.TouchAsync(work, jobId, cancellationToken);
            }
        }

        return (handed, ended);
    }

    private bool HandOff(KeyedWork work)
    {
        var registration = registry.Keyed(work.Kind);
        var jobId = client.Create(registration.JobFor(work.Id), new EnqueuedState(registration.Queue), null);
        if (store.Attach(work, jobId))
        {
            return true;
        }

        // Another hand-off of the same key won (the sweeper and the intake raced): this job is surplus. If it already
        // started the dispatcher's ledger still makes its run harmless. Or the job already ran and ended before the
        // attach; then it is no longer Enqueued and this change does nothing.
        client.ChangeState(jobId, new DeletedState { Reason = $"Surplus job for {work.Key}" }, EnqueuedState.StateName);
        return false;
    }

    /// <summary>A deadlock or serialization failure anywhere in the chain (Hangfire wraps the storage's exception).</summary>
    internal static bool IsDeadlock(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Could not hand {Key} to the job server ({Error}); the sweeper retries")]
    private static partial void LogHandOffFailed(ILogger logger, string key, string error);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Job intake sweep failed ({Error}); it runs again next interval")]
    private static partial void LogSweepFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Handed {Count} requested keys to the job server that no instance had handed over")]
    private static partial void LogSwept(ILogger logger, int count);
}
