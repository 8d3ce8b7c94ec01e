using System.Collections.Concurrent;
using Connector.Jobs.Engine;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

/// <summary>
/// The completer on its own: completions handed in before <see cref="JobCompleter.Start"/> are all queued when the loop
/// first looks, so what shares a statement is deterministic.
/// </summary>
public sealed class JobCompleterTests
{
    private static readonly DateTimeOffset ClaimedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FinishedAt = ClaimedAt.AddSeconds(3);

    [Fact]
    public async Task Completer_writes_everything_queued_in_one_statement_and_refuses_only_the_stale_lease()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var jobs = await ClaimAsync(dataSource, 20);
        var stale = jobs[7];
        var retryAt = FinishedAt.AddMinutes(5);
        JobTransition TransitionOf(int i) => (i % 4) switch
        {
            0 => JobTransition.Retry(retryAt, $"Retry 1 of 10 at {retryAt:O}: Leat answered 503 ({i})", new InvalidOperationException($"Leat answered 503 ({i})")),
            1 => JobTransition.Failed($"Failed permanently on attempt 1: bad args ({i})", $"bad args ({i})", "PermanentJobFailureException: bad args"),
            _ => JobTransition.Succeeded(1),
        };

        await using var completer = new JobCompleter(dataSource, new JobStore(dataSource));
        var statements = new ConcurrentQueue<int>();
        completer.Written += statements.Enqueue;
        var results = jobs.Select((job, i) => completer.CompleteAsync(job.Id, job == stale ? Guid.NewGuid() : job.LeaseToken, TransitionOf(i), FinishedAt)).ToList();
        completer.Start();
        var accepted = await Task.WhenAll(results).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([20], statements);
        Assert.Equal(jobs.Select(j => j != stale), accepted);
        for (var i = 0; i < jobs.Count; i++)
        {
            var id = jobs[i].Id;
            var job = (await Db.RowsAsync(dataSource, "SELECT state, lease_token, finished_at, run_at, last_error FROM jobs.job WHERE id = @id", ("id", id))).Single();
            var attempt = (await Db.RowsAsync(dataSource, "SELECT outcome, finished_at, error FROM jobs.job_attempt WHERE job_id = @id", ("id", id))).Single();
            var history = await Db.RowsAsync(dataSource, "SELECT state, reason, at FROM jobs.job_state WHERE job_id = @id ORDER BY id", ("id", id));
            if (jobs[i] == stale)
            {
                // Refused: still processing under the real owner's lease, attempt open, no history beyond the claim.
                Assert.Equal(["processing", stale.LeaseToken, null, ClaimedAt.UtcDateTime, null], job);
                Assert.Equal([null, null, null], attempt);
                Assert.Equal(["processing"], history.Select(h => (string)h[0]!));
                continue;
            }

            var transition = TransitionOf(i);
            var finished = transition.State is "succeeded" or "failed" ? FinishedAt.UtcDateTime : (DateTime?)null;
            Assert.Equal([transition.State, null, finished, (transition.RunAt ?? ClaimedAt).UtcDateTime, transition.Error], job);
            Assert.Equal([transition.Outcome, FinishedAt.UtcDateTime, transition.Error], attempt);
            Assert.Equal(2, history.Count);
            Assert.Equal([transition.State, transition.Reason, FinishedAt.UtcDateTime], history[1]);
        }
    }

    [Fact]
    public async Task Completer_caps_a_batch_and_writes_the_rest_in_the_next_statements()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var jobs = await ClaimAsync(dataSource, 10);
        await using var completer = new JobCompleter(dataSource, new JobStore(dataSource), maxBatch: 4);
        var statements = new ConcurrentQueue<int>();
        completer.Written += statements.Enqueue;

        var results = jobs.Select(job => completer.CompleteAsync(job.Id, job.LeaseToken, JobTransition.Succeeded(1), FinishedAt)).ToList();
        completer.Start();

        Assert.All(await Task.WhenAll(results).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
        Assert.Equal([4, 4, 2], statements);
        Assert.Equal(10L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_state WHERE state = 'succeeded' AND reason = 'Succeeded on attempt 1'"));
    }

    [Fact]
    public async Task Completer_writes_two_reports_for_one_job_in_separate_statements_so_only_the_first_is_accepted()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var jobs = await ClaimAsync(dataSource, 2);
        await using var completer = new JobCompleter(dataSource, new JobStore(dataSource));
        var statements = new ConcurrentQueue<int>();
        completer.Written += statements.Enqueue;

        // A release at shutdown and the handler's own late result, both under the same lease: one statement would update
        // the row once and report both as accepted.
        var release = completer.CompleteAsync(jobs[0].Id, jobs[0].LeaseToken, JobTransition.Released("Released at shutdown"), FinishedAt);
        var other = completer.CompleteAsync(jobs[1].Id, jobs[1].LeaseToken, JobTransition.Succeeded(1), FinishedAt);
        var late = completer.CompleteAsync(jobs[0].Id, jobs[0].LeaseToken, JobTransition.Succeeded(1), FinishedAt);
        completer.Start();

        var accepted = await Task.WhenAll(release, other, late).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([true, true, false], accepted);
        Assert.Equal([2, 1], statements);
        Assert.Equal("enqueued", await Db.StateAsync(dataSource, jobs[0].Id));
        Assert.Equal(
            ["processing", "enqueued"],
            (await Db.RowsAsync(dataSource, "SELECT state FROM jobs.job_state WHERE job_id = @id ORDER BY id", ("id", jobs[0].Id))).Select(r => (string)r[0]!));
        Assert.Equal("released", await Db.ScalarAsync<string>(dataSource, "SELECT outcome FROM jobs.job_attempt WHERE job_id = @id", ("id", jobs[0].Id)));
    }

    [Fact]
    public async Task Completer_writes_every_queued_completion_before_stop_returns_and_later_ones_alone()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var jobs = await ClaimAsync(dataSource, 51);
        var completer = new JobCompleter(dataSource, new JobStore(dataSource));
        var written = 0;
        completer.Written += n => Interlocked.Add(ref written, n);
        completer.Start();

        var results = jobs.Take(50).Select(job => completer.CompleteAsync(job.Id, job.LeaseToken, JobTransition.Succeeded(1), FinishedAt)).ToList();
        await completer.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, r => Assert.True(r.IsCompletedSuccessfully && r.Result));
        Assert.Equal(50, written);
        Assert.Equal(50L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'succeeded'"));

        // A handler that reports after the stop is still written (on its own, still fenced), never dropped.
        var last = jobs[50];
        Assert.False(await completer.CompleteAsync(last.Id, Guid.NewGuid(), JobTransition.Succeeded(1), FinishedAt));
        Assert.True(await completer.CompleteAsync(last.Id, last.LeaseToken, JobTransition.Succeeded(1), FinishedAt));
        Assert.Equal(50, written);
        Assert.Equal("succeeded", await Db.StateAsync(dataSource, last.Id));
    }

    [Fact]
    public async Task Completer_fails_only_the_report_postgres_cannot_store_and_writes_the_rest_of_its_batch()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var jobs = await ClaimAsync(dataSource, 3);
        await using var completer = new JobCompleter(dataSource, new JobStore(dataSource));
        var statements = new ConcurrentQueue<int>();
        completer.Written += statements.Enqueue;

        // PostgreSQL text cannot hold NUL, so this report makes the whole statement fail.
        var poisoned = JobTransition.Failed("Failed permanently on attempt 1: bad payload", "bad \0 payload", null);
        var first = completer.CompleteAsync(jobs[0].Id, jobs[0].LeaseToken, JobTransition.Succeeded(1), FinishedAt);
        var bad = completer.CompleteAsync(jobs[1].Id, jobs[1].LeaseToken, poisoned, FinishedAt);
        var third = completer.CompleteAsync(jobs[2].Id, jobs[2].LeaseToken, JobTransition.Succeeded(1), FinishedAt);
        completer.Start();

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(30)));
        var error = await Assert.ThrowsAsync<PostgresException>(() => bad.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, error.SqlState);
        Assert.Equal([1, 1], statements);
        Assert.Equal([["processing", 1L], ["succeeded", 2L]], await Db.RowsAsync(dataSource, "SELECT state, count(*) FROM jobs.job GROUP BY state ORDER BY state"));
        Assert.Equal("processing", await Db.StateAsync(dataSource, jobs[1].Id));
    }

    [Fact]
    public async Task Completer_hands_a_failed_write_to_every_waiter_of_the_batch_and_writes_the_next_batch()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var jobs = await ClaimAsync(dataSource, 4);
        await using var completer = new JobCompleter(dataSource, new JobStore(dataSource));
        await ExecuteAsync(dataSource, "ALTER TABLE jobs.job_state RENAME TO job_state_away");

        var failing = jobs.Take(3).Select(job => completer.CompleteAsync(job.Id, job.LeaseToken, JobTransition.Succeeded(1), FinishedAt)).ToList();
        completer.Start();
        foreach (var result in failing)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => result.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
        }

        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state <> 'processing'"));
        await ExecuteAsync(dataSource, "ALTER TABLE jobs.job_state_away RENAME TO job_state");
        Assert.True(await completer.CompleteAsync(jobs[3].Id, jobs[3].LeaseToken, JobTransition.Succeeded(1), FinishedAt).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("succeeded", await Db.StateAsync(dataSource, jobs[3].Id));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts <paramref name="count"/> jobs and claims them all, as a worker would, ordered by id.</summary>
    private static async Task<List<ClaimedJob>> ClaimAsync(NpgsqlDataSource dataSource, int count)
    {
        await using (var seed = dataSource.CreateCommand("INSERT INTO jobs.job (kind, args, state, run_at) SELECT 'test', '{}'::jsonb, 'enqueued', @at FROM generate_series(1, @count)"))
        {
            seed.Parameters.AddWithValue("at", ClaimedAt);
            seed.Parameters.AddWithValue("count", count);
            await seed.ExecuteNonQueryAsync();
        }

        var claimed = await new JobStore(dataSource).ClaimAsync(["default"], count, "worker", ClaimedAt, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(count, claimed.Count);
        return claimed.OrderBy(j => j.Id).ToList();
    }
}
