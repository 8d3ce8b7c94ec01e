namespace Connector.Jobs;

/// <summary>Settings of the job engine, bound from the configuration section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Jobs";

    private TimeSpan? _heartbeatInterval;

    /// <summary>How many jobs this instance runs at the same time.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>The queues this instance takes jobs from.</summary>
    public string[] Queues { get; set; } = ["default"];

    /// <summary>How long a claimed job is reserved for its worker before another instance may reclaim it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often running jobs' leases are renewed; a third of the lease unless set.</summary>
    public TimeSpan HeartbeatInterval
    {
        get => _heartbeatInterval ?? LeaseDuration / 3;
        set => _heartbeatInterval = value;
    }

    /// <summary>
    /// How long the fetcher waits for a wake-up (NOTIFY or a local enqueue) before polling anyway. It bounds how late a
    /// delayed job or a missed notification is noticed; keep it at 1 s or less in production.
    /// </summary>
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time between two NOTIFY statements this instance sends to wake other instances after enqueues
    /// (this instance wakes its own fetchers at once). The first enqueue after a quiet spell notifies at once; later
    /// ones are batched, so another instance hears of a job at most this much later. Zero sends one after another.
    /// </summary>
    public TimeSpan NotifyInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The least time between two dequeue statements started by wake-ups. Under a stream of enqueues each one wakes the
    /// fetcher; with a cooldown the jobs that arrive meanwhile are claimed by one statement. A lone job after a quiet
    /// spell is claimed at once. Zero claims on every wake-up.
    /// </summary>
    public TimeSpan FetchCooldown { get; set; } = TimeSpan.FromMilliseconds(3);

    /// <summary>The most jobs claimed by one dequeue statement.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Attempts a job gets unless its enqueue says otherwise.</summary>
    public int DefaultMaxAttempts { get; set; } = 10;

    /// <summary>The first retry delay; later retries double it (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The cap on a retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long succeeded jobs are kept; failed jobs are kept until someone acts on them.</summary>
    public TimeSpan SucceededRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often this instance's row in <c>jobs.server</c> is refreshed; servers silent for five intervals are pruned.</summary>
    public TimeSpan ServerHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often recurring schedules are checked (also how soon a dashboard "trigger now" fires).</summary>
    public TimeSpan RecurringPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a graceful stop waits for running jobs before releasing them back to the queue.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Apply the <c>jobs</c> schema scripts when the engine starts.</summary>
    public bool MigrateSchemaOnStart { get; set; } = true;
}
