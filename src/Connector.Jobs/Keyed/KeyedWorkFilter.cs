using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace Connector.Jobs;

/// <summary>
/// Hangfire's side of keyed work: a job puts each registered job type on its own queue; a keyed job takes its row
/// when it starts and gives it up when it ends — handing the key over again when a request came while it ran.
/// </summary>
internal sealed class KeyedWorkFilter(JobRegistry registry, KeyedWorkStore store, JobIntake intake) : JobFilterAttribute, IElectStateFilter, IServerFilter, IApplyStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        // Hangfire's retries and requeues enqueue to "default" unless told otherwise; each job type has its queue.
        if (context.CandidateState is EnqueuedState enqueued
            && enqueued.Queue == EnqueuedState.DefaultQueue
            && registry.Find(context.BackgroundJob.Job?.Type) is { } registration)
        {
            enqueued.Queue = registration.Queue;
        }
    }

    public void OnPerforming(PerformingContext context)
    {
        if (registry.WorkOf(context.BackgroundJob.Job) is { } work)
        {
            store.Started(work, context.BackgroundJob.Id);
        }
    }

    public void OnPerformed(PerformedContext context)
    {
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (registry.WorkOf(context.BackgroundJob.Job) is not { } work)
        {
            return;
        }

        var state = context.NewState.Name;
        if (HangfireStates.IsEnded(state))
        {
            if (store.Ended(work, context.BackgroundJob.Id))
            {
                intake.Committed(work);
            }
        }
        else if (state == ScheduledState.StateName || state == EnqueuedState.StateName)
        {
            store.Waiting(work, context.BackgroundJob.Id);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
