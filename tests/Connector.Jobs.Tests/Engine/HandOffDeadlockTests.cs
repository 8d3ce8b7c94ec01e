using Connector.Jobs.Tests.Dashboard;
using Connector.Testing;

namespace Connector.Jobs.Tests.Engine;

/// <summary>
/// Under load PostgreSQL can pick a hand-off's job creation as the victim of a deadlock with a concurrent transaction.
/// The hand-off runs it again at once; left to the sweeper, the event would wait for the next sweep instead.
/// </summary>
public sealed class HandOffDeadlockTests
{
    [Fact]
    public async Task A_hand_off_chosen_as_a_deadlock_victim_is_run_again_at_once_not_left_to_the_sweeper()
    {
        await using var jobs = await JobsHost.StartAsync(
            await PostgresServer.CreateDatabaseAsync("jobs"),
            new Dictionary<string, string?> { ["Jobs:SweepInterval"] = "00:10:00" });

        // The first enqueue fails as a deadlock victim would (a sequence, since the failed transaction rolls back).
        await jobs.ScalarAsync<int>(
            """
            CREATE SEQUENCE public.enqueues;
            CREATE FUNCTION public.first_enqueue_deadlocks() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('public.enqueues') = 1 THEN
                    RAISE EXCEPTION 'deadlock detected (written by the test)' USING ERRCODE = 'deadlock_detected';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER first_enqueue_deadlocks BEFORE INSERT ON hangfire.jobqueue
                FOR EACH ROW EXECUTE FUNCTION public.first_enqueue_deadlocks();
            SELECT 1
            """);

        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "VICTIM"), CancellationToken.None);

        await Eventually.AssertAsync(() => Task.FromResult(jobs.Script.Runs("VICTIM") == 1), "the job ran without waiting for a sweep");
        Assert.Equal(2L, await jobs.ScalarAsync<long>("SELECT last_value FROM public.enqueues"));
    }

    [Fact]
    public void Only_deadlocks_and_serialization_failures_are_retried_at_once()
    {
        static Exception Wrapped(string sqlState) =>
            new Hangfire.BackgroundJobClientException("creation failed", new Npgsql.PostgresException("refused", "ERROR", "ERROR", sqlState));

        Assert.True(JobHandOffService.IsDeadlock(Wrapped("40P01")));
        Assert.True(JobHandOffService.IsDeadlock(Wrapped("40001")));
        Assert.False(JobHandOffService.IsDeadlock(Wrapped("23505")));
        Assert.False(JobHandOffService.IsDeadlock(new TimeoutException()));
    }
}
