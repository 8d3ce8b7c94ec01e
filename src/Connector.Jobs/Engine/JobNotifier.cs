using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Jobs.Engine;

/// <summary>
/// Wakes the fetchers after enqueues commit: this process's at once (<see cref="JobSignal"/>), other processes through
/// <c>NOTIFY</c>, sent from here rather than inside each enqueuing transaction. PostgreSQL serialises the commits of
/// all transactions that notify behind one database-wide lock, so a NOTIFY per webhook made the webhooks queue behind
/// each other (measured: 10–20 ms convoys under load). Here one statement notifies every queue that had enqueues, at
/// most once per <see cref="JobsOptions.NotifyInterval"/>: the first enqueue after a quiet spell is sent at once, the
/// ones that follow within the interval ride on a trailing NOTIFY. Each NOTIFY is sent after the enqueues it stands
/// for have committed, so it never wakes anyone too early; a NOTIFY that cannot be sent is only a delay, since every
/// fetcher polls anyway (<see cref="JobsOptions.FallbackPollInterval"/>).
/// </summary>
internal sealed class JobNotifier : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly JobSignal _signal;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private Task _sending = Task.CompletedTask;
    private bool _running;

    public JobNotifier(NpgsqlDataSource dataSource, JobSignal signal, TimeSpan interval, ILogger<JobNotifier> logger)
    {
        _dataSource = dataSource;
        _signal = signal;
        _interval = interval;
        _logger = logger;
    }

    /// <summary>Says that a due job of <paramref name="queue"/> has committed.</summary>
    public void Committed(string queue)
    {
        _signal.Notify();
        lock (_gate)
        {
            _pending.Add(queue);
            if (!_running)
            {
                _running = true;
                _sending = Task.Run(SendLoopAsync);
            }
        }
    }

    /// <summary>Sends what is pending before the process goes (e.g. the backfill command, which runs no engine).</summary>
    public async ValueTask DisposeAsync()
    {
        Task sending;
        lock (_gate)
        {
            sending = _sending;
        }

        await sending;
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SendLoopAsync()
    {
        while (true)
        {
            string[] queues;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _running = false;
                    return;
                }

                queues = [.. _pending];
                _pending.Clear();
            }

            try
            {
                await using var command = _dataSource.CreateCommand("SELECT pg_notify(@channel, q) FROM unnest(@queues) q");
                command.Parameters.AddWithValue("channel", JobClient.Channel);
                command.Parameters.Add(new NpgsqlParameter("queues", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = queues });
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                JobsLog.NotifyFailed(_logger, e, string.Join(", ", queues));
            }

            // The coalescing window: enqueues committed meanwhile share the next statement. Wall-clock time on purpose
            // (a trade of latency for statements, not a schedule).
            if (_interval > TimeSpan.Zero)
            {
                await Task.Delay(_interval);
            }
        }
    }
}
