using Connector.Jobs.Admin;
using Npgsql;

namespace Connector.Jobs.Tests.Admin;

public sealed class JobAdminTests : MigratedDatabase
{
    private const string Actor = "test:ops";

    private JobAdmin Admin => new(DataSource, TimeProvider.System);

    [Fact]
    public async Task Retry_enqueues_a_failed_job_with_reason_extended_budget_and_audit_row()
    {
        var id = await JobRows.InsertAsync(DataSource, "failed", attempt: 3, maxAttempts: 3, lastError: "boom", finishedAt: DateTimeOffset.UtcNow);

        var result = await Admin.RetryAsync(id, Actor, "Replayed from the dashboard by ops");

        Assert.Equal(AdminOutcome.Done, result.Outcome);
        var detail = await Admin.GetJobAsync(id);
        Assert.NotNull(detail);
        Assert.Equal("enqueued", detail.Job.State);
        Assert.Equal(3, detail.Job.Attempt);
        Assert.Equal(4, detail.Job.MaxAttempts);
        Assert.Null(detail.Job.FinishedAt);
        Assert.True(detail.Job.RunAt <= DateTimeOffset.UtcNow.AddSeconds(1));
        var change = Assert.Single(detail.History);
        Assert.Equal(("enqueued", "Replayed from the dashboard by ops"), (change.State, change.Reason));
        var audit = Assert.Single((await Admin.ListAuditAsync()).Items);
        Assert.Equal((Actor, "job.retry", $"job:{id}", "Replayed from the dashboard by ops"), (audit.Actor, audit.Action, audit.Target, audit.Detail));
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("processing")]
    [InlineData("enqueued")]
    [InlineData("deleted")]
    public async Task Retry_refuses_a_job_that_is_not_failed_or_scheduled(string state)
    {
        var id = await JobRows.InsertAsync(DataSource, state);

        var result = await Admin.RetryAsync(id, Actor, "try");

        Assert.Equal(AdminOutcome.Refused, result.Outcome);
        Assert.Equal($"Job {id} is {state} and was not retried: only failed or scheduled jobs can be retried.", result.Message);
        Assert.Equal(state, await JobRows.StateAsync(DataSource, id));
        Assert.Empty((await Admin.ListAuditAsync()).Items);
        Assert.Equal(0L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.job_state"));
    }

    [Fact]
    public async Task Retry_runs_a_scheduled_job_now()
    {
        var id = await JobRows.InsertAsync(DataSource, "scheduled", runAt: DateTimeOffset.UtcNow.AddDays(1));

        var result = await Admin.RetryAsync(id, Actor, "now");

        Assert.True(result.Succeeded);
        var job = (await Admin.GetJobAsync(id))!.Job;
        Assert.Equal("enqueued", job.State);
        Assert.True(job.RunAt < DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Retry_reports_a_missing_job()
    {
        var result = await Admin.RetryAsync(424242, Actor, "try");

        Assert.Equal(new AdminResult(AdminOutcome.NotFound, "There is no job 424242."), result);
    }

    [Fact]
    public async Task Retry_refuses_when_a_live_job_holds_the_same_unique_key()
    {
        var failed = await JobRows.InsertAsync(DataSource, "failed", uniqueKey: "order:1");
        await JobRows.InsertAsync(DataSource, "enqueued", uniqueKey: "order:1");

        var result = await Admin.RetryAsync(failed, Actor, "try");

        Assert.Equal(AdminOutcome.Refused, result.Outcome);
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, failed));
        Assert.Empty((await Admin.ListAuditAsync()).Items);
    }

    [Fact]
    public async Task Retry_wakes_a_listening_engine_with_the_queue_name()
    {
        var id = await JobRows.InsertAsync(DataSource, "failed", queue: "webhooks");
        await using var listener = await DataSource.OpenConnectionAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => received.TrySetResult(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {JobAdmin.EnqueuedChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await Admin.RetryAsync(id, Actor, "wake up");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await listener.WaitAsync(timeout.Token);

        Assert.Equal("webhooks", await received.Task.WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task RetryMatching_enqueues_every_matching_job_not_just_a_page()
    {
        await JobRows.ExecuteAsync(
            DataSource,
            """
            INSERT INTO jobs.job (kind, args, queue, state, attempt, last_error)
            SELECT 'leat.order', '{}'::jsonb, 'leat', 'failed', 10, 'Leat answered 503' FROM generate_series(1, 1200)
            """);
        var otherKind = await JobRows.InsertAsync(DataSource, "failed", kind: "square.poll", queue: "leat");
        var otherQueue = await JobRows.InsertAsync(DataSource, "failed", kind: "leat.order", queue: "other");
        var succeeded = await JobRows.InsertAsync(DataSource, "succeeded", kind: "leat.order", queue: "leat");

        var count = await Admin.RetryMatchingAsync(new JobFilter("failed", Queue: "leat", Kind: "leat.order"), Actor, "Replayed by ops");

        Assert.Equal(1200, count);
        Assert.Equal(1200L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.job WHERE state = 'enqueued' AND kind = 'leat.order' AND queue = 'leat'"));
        Assert.Equal(1200L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.job_state WHERE state = 'enqueued' AND reason = 'Replayed by ops'"));
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, otherKind));
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, otherQueue));
        Assert.Equal("succeeded", await JobRows.StateAsync(DataSource, succeeded));
        var audit = Assert.Single((await Admin.ListAuditAsync()).Items);
        Assert.Equal(("jobs.retry-matching", "state=failed queue=leat kind=leat.order", "1200 job(s): Replayed by ops"), (audit.Action, audit.Target, audit.Detail));
    }

    [Fact]
    public async Task RetryMatching_enqueues_one_job_per_unique_key_and_none_held_by_a_live_job()
    {
        var older = await JobRows.InsertAsync(DataSource, "failed", uniqueKey: "k1");
        var newer = await JobRows.InsertAsync(DataSource, "failed", uniqueKey: "k1");
        var held = await JobRows.InsertAsync(DataSource, "failed", uniqueKey: "k2");
        await JobRows.InsertAsync(DataSource, "processing", uniqueKey: "k2");
        var plain = await JobRows.InsertAsync(DataSource, "failed");

        var count = await Admin.RetryMatchingAsync(new JobFilter("failed"), Actor, "bulk");

        Assert.Equal(2, count);
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, older));
        Assert.Equal("enqueued", await JobRows.StateAsync(DataSource, newer));
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, held));
        Assert.Equal("enqueued", await JobRows.StateAsync(DataSource, plain));
    }

    [Fact]
    public async Task RetryMatching_rejects_a_state_that_cannot_be_retried()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Admin.RetryMatchingAsync(new JobFilter("succeeded"), Actor, "no"));

        Assert.StartsWith("Only failed or scheduled jobs can be retried, not succeeded.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryMatching_respects_the_time_window()
    {
        var now = DateTimeOffset.UtcNow;
        var old = await JobRows.InsertAsync(DataSource, "failed", createdAt: now.AddHours(-5));
        var recent = await JobRows.InsertAsync(DataSource, "failed", createdAt: now.AddMinutes(-30));

        var count = await Admin.RetryMatchingAsync(new JobFilter("failed", From: now.AddHours(-1), To: now.AddMinutes(1)), Actor, "window");

        Assert.Equal(1, count);
        Assert.Equal("failed", await JobRows.StateAsync(DataSource, old));
        Assert.Equal("enqueued", await JobRows.StateAsync(DataSource, recent));
    }

    [Fact]
    public async Task Delete_refuses_a_processing_job_and_deletes_a_failed_one()
    {
        var processing = await JobRows.InsertAsync(DataSource, "processing");
        var failed = await JobRows.InsertAsync(DataSource, "failed");

        var refused = await Admin.DeleteAsync(processing, Actor, "no");
        var done = await Admin.DeleteAsync(failed, Actor, "Deleted by ops");

        Assert.Equal($"Job {processing} is processing and was not deleted: processing jobs belong to their worker and deleted jobs stay deleted.", refused.Message);
        Assert.Equal("processing", await JobRows.StateAsync(DataSource, processing));
        Assert.Equal(AdminOutcome.Done, done.Outcome);
        Assert.Equal("deleted", await JobRows.StateAsync(DataSource, failed));
        var audit = Assert.Single((await Admin.ListAuditAsync()).Items);
        Assert.Equal(("job.delete", $"job:{failed}"), (audit.Action, audit.Target));
    }

    [Fact]
    public async Task DeleteMatching_deletes_every_matching_job_and_never_a_processing_one()
    {
        await JobRows.ExecuteAsync(DataSource, "INSERT INTO jobs.job (kind, args, state) SELECT 'x', '{}', 'failed' FROM generate_series(1, 700)");
        var processing = await JobRows.InsertAsync(DataSource, "processing", kind: "x");

        var count = await Admin.DeleteMatchingAsync(new JobFilter("failed", Kind: "x"), Actor, "cleanup");

        Assert.Equal(700, count);
        Assert.Equal(700L, await JobRows.ScalarAsync<long>(DataSource, "SELECT count(*) FROM jobs.job WHERE state = 'deleted'"));
        Assert.Equal("processing", await JobRows.StateAsync(DataSource, processing));
        await Assert.ThrowsAsync<ArgumentException>(() => Admin.DeleteMatchingAsync(new JobFilter("processing"), Actor, "no"));
    }

    [Fact]
    public async Task List_pages_by_keyset_newest_first_without_gaps_or_overlap()
    {
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await JobRows.InsertAsync(DataSource, "failed", queue: "q1"));
        }

        await JobRows.InsertAsync(DataSource, "failed", queue: "q2");
        await JobRows.InsertAsync(DataSource, "succeeded", queue: "q1");

        var seen = new List<long>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await Admin.ListAsync(new JobFilter("failed", Queue: "q1"), before, limit: 3);
            seen.AddRange(page.Items.Select(j => j.Id));
            before = page.NextBefore;
            pages++;
        }
        while (before is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.OrderDescending(), seen);
    }

    [Fact]
    public async Task List_filters_by_kind()
    {
        var wanted = await JobRows.InsertAsync(DataSource, "failed", kind: "a");
        await JobRows.InsertAsync(DataSource, "failed", kind: "b");

        var page = await Admin.ListAsync(new JobFilter("failed", Kind: "a"));

        Assert.Equal([wanted], page.Items.Select(j => j.Id));
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task Search_finds_exact_and_prefix_business_keys_and_ids_without_treating_like_wildcards_as_such()
    {
        var exact = await JobRows.InsertAsync(DataSource, "failed", businessKey: "square:order:XYZ");
        var longer = await JobRows.InsertAsync(DataSource, "succeeded", businessKey: "square:order:XYZ2");
        await JobRows.InsertAsync(DataSource, "failed", businessKey: "square:return:XYZ");
        var underscore = await JobRows.InsertAsync(DataSource, "failed", businessKey: "a_b");
        await JobRows.InsertAsync(DataSource, "failed", businessKey: "axb");

        Assert.Equal([exact, longer], (await Admin.SearchAsync("square:order:XYZ")).Select(j => j.Id));
        Assert.Equal([longer, exact], (await Admin.SearchAsync("square:order:")).Select(j => j.Id));
        Assert.Equal([underscore], (await Admin.SearchAsync("a_")).Select(j => j.Id));
        Assert.Equal([exact], (await Admin.SearchAsync(exact.ToString())).Select(j => j.Id));
        Assert.Empty(await Admin.SearchAsync("  "));
    }

    [Fact]
    public async Task GetJob_returns_pretty_args_attempts_and_history()
    {
        var id = await JobRows.InsertAsync(DataSource, "failed", args: """{"order":"A-1","lines":[1,2]}""", lastError: "Leat answered 422");
        await JobRows.ExecuteAsync(
            DataSource,
            """
            INSERT INTO jobs.job_attempt (job_id, attempt, worker, started_at, finished_at, outcome, error, exception)
            VALUES (@id, 1, 'w1', now() - interval '2 second', now() - interval '1 second', 'retry', 'Leat answered 503', 'HttpRequestException: 503'),
                   (@id, 2, 'w2', now() - interval '1 second', now(), 'failed', 'Leat answered 422', 'LeatException: 422');
            INSERT INTO jobs.job_state (job_id, state, reason) VALUES (@id, 'processing', 'Attempt 1 of 10'), (@id, 'failed', 'Leat answered 422');
            """,
            ("id", id));

        var detail = await Admin.GetJobAsync(id);

        Assert.NotNull(detail);
        Assert.Equal("{\n  \"lines\": [\n    1,\n    2\n  ],\n  \"order\": \"A-1\"\n}", detail.ArgsJson.ReplaceLineEndings("\n"));
        Assert.Equal(["Leat answered 503", "Leat answered 422"], detail.Attempts.Select(a => a.Error));
        Assert.Equal("LeatException: 422", detail.Attempts[1].Exception);
        Assert.Equal(["processing", "failed"], detail.History.Select(h => h.State));
        Assert.Null(await Admin.GetJobAsync(id + 1000));
    }

    [Fact]
    public async Task Overview_counts_from_the_tables_and_shows_backlog_throughput_servers_and_pauses()
    {
        var now = DateTimeOffset.UtcNow;
        var oldest = await JobRows.InsertAsync(DataSource, "enqueued", queue: "q1", runAt: now.AddMinutes(-10));
        await JobRows.InsertAsync(DataSource, "enqueued", queue: "q1", runAt: now.AddMinutes(-1));
        await JobRows.InsertAsync(DataSource, "scheduled", queue: "q2", runAt: now.AddHours(1));
        await JobRows.InsertAsync(DataSource, "succeeded", queue: "q1", finishedAt: now.AddMinutes(-5));
        await JobRows.InsertAsync(DataSource, "succeeded", queue: "q1", finishedAt: now.AddHours(-3));
        await JobRows.InsertAsync(DataSource, "failed", queue: "q2", finishedAt: now.AddMinutes(-5));
        await JobRows.ExecuteAsync(
            DataSource,
            """
            INSERT INTO jobs.server (id, host, workers, queues, heartbeat_at) VALUES
                ('live', 'h1', 4, '{q1,q2}', now()), ('dead', 'h2', 4, '{q1}', now() - interval '1 hour');
            INSERT INTO jobs.queue (name, paused) VALUES ('q2', true), ('q3', false);
            INSERT INTO jobs.recurring (id, kind, cron, next_run_at) VALUES ('poll', 'square.poll', '*/5 * * * *', now() + interval '5 minute');
            """);

        var overview = await Admin.GetOverviewAsync();

        Assert.Equal(
            [("q1", "enqueued", 2L), ("q1", "succeeded", 2L), ("q2", "failed", 1L), ("q2", "scheduled", 1L)],
            overview.Counts.Select(c => (c.Queue, c.State, c.Count)));
        Assert.Equal(oldest, overview.OldestWaiting?.Id);
        Assert.Equal((1L, 1L), (overview.SucceededLastHour, overview.FailedLastHour));
        Assert.Equal([("live", true), ("dead", false)], overview.Servers.Select(s => (s.Id, s.Live)));
        Assert.Equal(["q1", "q2"], overview.Servers[0].Queues);
        Assert.Equal(["q2"], overview.PausedQueues);
        Assert.Equal("poll", Assert.Single(overview.Recurring).Id);
    }

    [Fact]
    public async Task Queues_pause_and_resume_with_audit_rows()
    {
        await JobRows.InsertAsync(DataSource, "enqueued", queue: "leat");

        await Admin.SetQueuePausedAsync("leat", paused: true, Actor);
        Assert.True(Assert.Single(await Admin.ListQueuesAsync()).Paused);
        await Admin.SetQueuePausedAsync("leat", paused: false, Actor);

        var queue = Assert.Single(await Admin.ListQueuesAsync());
        Assert.Equal(new QueueInfo("leat", false, 0, 1, 0, 0), queue);
        Assert.Equal(["queue.resume", "queue.pause"], (await Admin.ListAuditAsync()).Items.Select(a => a.Action));
    }

    [Fact]
    public async Task Recurring_jobs_trigger_enable_and_disable_with_guards()
    {
        await JobRows.ExecuteAsync(DataSource, "INSERT INTO jobs.recurring (id, kind, cron, next_run_at) VALUES ('poll', 'square.poll', '* * * * *', now())");

        Assert.Equal(AdminOutcome.Done, (await Admin.TriggerRecurringAsync("poll", Actor)).Outcome);
        Assert.True(Assert.Single(await Admin.ListRecurringAsync()).TriggerRequested);
        Assert.Equal(AdminOutcome.Done, (await Admin.SetRecurringEnabledAsync("poll", enabled: false, Actor)).Outcome);
        Assert.Equal(
            new AdminResult(AdminOutcome.Refused, "Recurring job poll is disabled; enable it before triggering it."),
            await Admin.TriggerRecurringAsync("poll", Actor));
        Assert.Equal(AdminOutcome.NotFound, (await Admin.TriggerRecurringAsync("nope", Actor)).Outcome);
        Assert.Equal(AdminOutcome.Done, (await Admin.SetRecurringEnabledAsync("poll", enabled: true, Actor)).Outcome);

        Assert.True(Assert.Single(await Admin.ListRecurringAsync()).Enabled);
        Assert.Equal(
            ["recurring.enable", "recurring.disable", "recurring.trigger"],
            (await Admin.ListAuditAsync()).Items.Select(a => a.Action));
    }
}
