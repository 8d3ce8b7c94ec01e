using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace Connector.Jobs.Engine;

/// <summary>
/// The one retry rule for every job, in place of Hangfire's <c>AutomaticRetryAttribute</c> (sealed, and its delay
/// sees only the attempt number): a <see cref="PermanentJobFailureException"/> stays Failed at once with its message
/// as the reason; a <see cref="RetryJobException"/> runs again when it asked (a remote's <c>Retry-After</c>), without
/// using up an attempt when it says so; anything else backs off exponentially with jitter up to a cap, until
/// <see cref="JobsOptions.MaxAttempts"/> attempts have run. Each attempt's Failed state, with its exception, stays in
/// the job's history because Hangfire records the candidate states an election replaced.
/// </summary>
internal sealed class ConnectorRetryFilter(JobsOptions options) : JobFilterAttribute, IElectStateFilter, IApplyStateFilter
{
    /// <summary>The job parameter counting the retries so far (Hangfire's own name, so its pages show it).</summary>
    public const string RetryCountParameter = "RetryCount";

    private const string RetriesSet = "retries";

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed)
        {
            return;
        }

        var error = Unwrap(failed.Exception);
        if (error is PermanentJobFailureException)
        {
            failed.Reason = Shorten(error.Message);
            return;
        }

        var retries = context.GetJobParameter<int>(RetryCountParameter, allowStale: true);
        var counts = error is not RetryJobException { CountsAsAttempt: false };
        if (counts && retries + 1 >= options.MaxAttempts)
        {
            failed.Reason = $"Gave up after {options.MaxAttempts} attempts: {Shorten(error.Message)}";
            return;
        }

        if (counts)
        {
            retries++;
            context.SetJobParameter(RetryCountParameter, retries);
        }

        var delay = error is RetryJobException { RetryAfter: var after } && after > TimeSpan.Zero ? after : BackOff(retries);
        var what = counts ? $"Retry attempt {retries} of {options.MaxAttempts - 1}" : "Waiting, not counted as an attempt";
        context.CandidateState = new ScheduledState(delay) { Reason = $"{what}: {Shorten(error.Message)}" };
    }

    // Keeps the dashboard's Retries page in step, as Hangfire's own retry filter does.
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is ScheduledState { Reason: { } reason } && (reason.StartsWith("Retry attempt", StringComparison.Ordinal) || reason.StartsWith("Waiting", StringComparison.Ordinal)))
        {
            transaction.AddToSet(RetriesSet, context.BackgroundJob.Id);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.OldStateName == ScheduledState.StateName)
        {
            transaction.RemoveFromSet(RetriesSet, context.BackgroundJob.Id);
        }
    }

    /// <summary>Base × 2^(retry−1), capped, then a random 50–100 % of it so retries of one outage spread out.</summary>
    internal TimeSpan BackOff(int retry)
    {
        var exponent = Math.Min(retry - 1, 30);
        var ticks = Math.Min(options.RetryBaseDelay.Ticks * Math.Pow(2, exponent), options.RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    private static Exception Unwrap(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        Hangfire.Server.JobPerformanceException { InnerException: { } inner } => Unwrap(inner),
        _ => error,
    };

    private static string Shorten(string message) => message.Length <= 500 ? message : message[..500] + "…";
}
