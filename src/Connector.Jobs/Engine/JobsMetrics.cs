using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Engine;

/// <summary>
/// The engine's instruments on the meter <c>Connector.Jobs</c>. Queue depth and oldest job age are observable gauges
/// read from the table only when a collector observes them (one query shared by both, cached for a second), so an
/// idle, unobserved engine issues no metric queries.
/// </summary>
internal sealed class JobsMetrics : IDisposable
{
    public const string MeterName = "Connector.Jobs";

    private static readonly TimeSpan SnapshotTtl = TimeSpan.FromSeconds(1);

    private readonly Meter _meter;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private (DateTimeOffset At, List<(string Queue, long Depth, double OldestSeconds)> Rows)? _snapshot;

    public JobsMetrics(NpgsqlDataSource dataSource, TimeProvider time, ILogger<JobsMetrics> logger, IMeterFactory? meterFactory = null)
    {
        _dataSource = dataSource;
        _time = time;
        _logger = logger;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Processed = _meter.CreateCounter<long>("connector.jobs.processed", "{job}", "Attempts that succeeded.");
        Failed = _meter.CreateCounter<long>("connector.jobs.failed", "{job}", "Jobs that moved to Failed.");
        Retried = _meter.CreateCounter<long>("connector.jobs.retried", "{job}", "Failed attempts scheduled for a retry.");
        StartLatency = _meter.CreateHistogram<double>("connector.jobs.start_latency", "ms", "From the moment a job became due to the start of its attempt.");
        _meter.CreateObservableGauge("connector.jobs.queue_depth", () => Snapshot().Select(r => new Measurement<long>(r.Depth, new KeyValuePair<string, object?>("queue", r.Queue))), "{job}", "Jobs due and waiting, per queue.");
        _meter.CreateObservableGauge("connector.jobs.oldest_available_age", () => Snapshot().Select(r => new Measurement<double>(r.OldestSeconds, new KeyValuePair<string, object?>("queue", r.Queue))), "s", "Age of the oldest due job, per queue.");
    }

    /// <summary>This instance's meter (several engines in one process each have their own).</summary>
    public Meter Meter => _meter;

    public Counter<long> Processed { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Retried { get; }

    public Histogram<double> StartLatency { get; }

    public void Dispose() => _meter.Dispose();

    private List<(string Queue, long Depth, double OldestSeconds)> Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_snapshot is { } cached && now - cached.At < SnapshotTtl && now >= cached.At)
            {
                return cached.Rows;
            }

            var rows = new List<(string, long, double)>();
            try
            {
                // Observable callbacks are synchronous; the query reads only the small partial index of available jobs.
                using var command = _dataSource.CreateCommand(
                    """
                    SELECT queue, count(*), min(run_at) FROM jobs.job
                    WHERE state IN ('scheduled', 'enqueued') AND run_at <= @now
                    GROUP BY queue
                    """);
                command.Parameters.AddWithValue("now", now);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetString(0), reader.GetInt64(1), (now - reader.GetFieldValue<DateTimeOffset>(2)).TotalSeconds));
                }
            }
            catch (NpgsqlException e)
            {
                JobsLog.MetricsFailed(_logger, e);
            }

            _snapshot = (now, rows);
            return rows;
        }
    }
}
