namespace Connector.Jobs;

/// <summary>How and when an enqueued job runs. Every property is optional.</summary>
public sealed record EnqueueOptions
{
    /// <summary>The queue; <c>default</c> when unset.</summary>
    public string? Queue { get; init; }

    /// <summary>Higher runs first within a queue.</summary>
    public short Priority { get; init; }

    /// <summary>Not before this moment (takes precedence over <see cref="Delay"/>).</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Not before now + this.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Attempts before the job fails for good; the engine's default when unset.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>While a job with this key is scheduled, enqueued or processing, enqueuing it again returns that job.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>What ops search for, e.g. <c>square:order:XYZ</c>.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The version of the arguments' shape, so a handler can read old jobs after a change.</summary>
    public int ArgsVersion { get; init; } = 1;
}
