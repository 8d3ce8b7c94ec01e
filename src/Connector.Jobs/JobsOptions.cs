namespace Connector.Jobs;

/// <summary>
/// Settings of the job server (Hangfire on PostgreSQL), bound from the configuration section <c>Jobs</c> and
/// validated at start.
/// </summary>
public sealed class JobsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Jobs";

    /// <summary>How many jobs this instance runs at the same time.</summary>
    public int WorkerCount { get; set; } = 8;

    /// <summary>
    /// The queues this instance takes jobs from. Empty (the default): every queue a registered job uses, plus
    /// <c>default</c>, so each platform has its own queue and a backlog of one does not hide the others.
    /// </summary>
    public string[] Queues { get; set; } = [];

    /// <summary>
    /// How often an idle worker looks for work when nothing woke it. Enqueues wake this instance's workers and,
    /// through one <c>LISTEN</c> per instance, every other instance's at once, so this only bounds how late a missed
    /// wake-up is noticed; a short poll costs a transaction per worker each time.
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often scheduled jobs (retries, delayed jobs) and recurring jobs are looked at; a retry runs up to this much late.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A fetched job is invisible to other workers for this long; it slides while the job runs (a live worker
    /// keeps it), so a killed worker's job runs again about this long after the kill.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts before a job is Failed (the first run counts); permanent failures fail at the first.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The first retry's delay; each further retry doubles it, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Succeeded and deleted jobs are kept this long; failed jobs are kept until replayed or deleted.</summary>
    public TimeSpan SucceededRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Running jobs may finish this long at shutdown; the rest are cancelled and run again later.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How often the intake sweeper looks for requested work that was never handed to the job server (the process
    /// stopped between the commit of a webhook and the creation of its job) and for keyed jobs whose bookkeeping
    /// outlived them.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requested work younger than this is left to the instance that took it in.</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A keyed job's bookkeeping row unchanged for this long has its Hangfire job looked up by the sweeper: a job that
    /// no longer exists or has ended (a crash between its end and its bookkeeping) gets its row ended, and its key
    /// handed over again when a request came while it ran; a job still alive has its row marked as checked. Shorter
    /// notices such a crash sooner at the cost of a state read per quiet row each sweep.
    /// </summary>
    public TimeSpan SweepQuietAge { get; set; } = TimeSpan.FromMinutes(1);
}
