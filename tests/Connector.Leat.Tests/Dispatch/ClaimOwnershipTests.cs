using Connector.Leat.Dispatch;
using Microsoft.Extensions.Options;

namespace Connector.Leat.Tests.Dispatch;

/// <summary>Claims are held by a live process: taken over once their owner is known dead, never while it heartbeats.</summary>
public sealed class ClaimOwnershipTests
{
    private static readonly TimeSpan OwnerTimeout = new DispatchOptions().OwnerTimeout;

    [Theory]
    [InlineData("row deleted")]
    [InlineData("heartbeat stale")]
    public async Task DispatchOrder_takes_over_a_claim_at_once_when_its_owner_is_dead(string death)
    {
        var clock = new ShiftedClock();
        await using var killed = await DispatchHarness.StartAsync(clock: clock);
        await using var survivor = await killed.StartPeerAsync(clock);
        await killed.Heartbeat.BeatAsync(default);
        await killed.ClaimAndAbandonAsync("o-orphan");
        if (death == "row deleted")
        {
            await killed.ExecuteAsync($"DELETE FROM leat.dispatch_owner WHERE owner_id = '{killed.Owner.Id}'");
        }
        else
        {
            // Killed processes stop beating; a little more than OwnerTimeout later the survivor finds the row stale.
            clock.Advance(OwnerTimeout + TimeSpan.FromSeconds(1));
        }

        var claimLeft = await killed.ScalarAsync<DateTime>("SELECT claim_expires_at FROM leat.dispatch WHERE external_id = 'o-orphan'") - clock.GetUtcNow().UtcDateTime;
        var result = await survivor.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-orphan", lines: [("l1", 1000, 1, 0)]), default);

        Assert.True(claimLeft > TimeSpan.FromSeconds(90), $"the claim still had {claimLeft} to run");
        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Equal(1, killed.Fake.CallCount("GET", "/orders/find")); // a second attempt looks before it sends
        Assert.Equal(1, killed.OrderCreates);
        Assert.Equal(2, await killed.ScalarAsync<int>("SELECT attempts FROM leat.dispatch WHERE external_id = 'o-orphan'"));
        Assert.Equal("succeeded", await killed.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'o-orphan'"));
    }

    [Fact]
    public async Task DispatchOrder_leaves_a_claim_alone_while_its_owner_heartbeats_and_retries_before_it_could_die()
    {
        var clock = new ShiftedClock();
        // A long InProgressRetryDelay, so the wait the exception asks for is bounded by the owner's heartbeat.
        await using var busy = await DispatchHarness.StartAsync(_ => new() { ["Leat:Dispatch:InProgressRetryDelay"] = "00:01:00" }, clock);
        await using var other = await busy.StartPeerAsync(clock);
        await busy.Heartbeat.BeatAsync(default);
        await busy.ClaimAndAbandonAsync("o-busy");
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            await busy.Heartbeat.BeatAsync(default);
        }

        // 45 s since the claim, more than OwnerTimeout, but the owner beat just now.
        var error = await Assert.ThrowsAsync<DispatchInProgressException>(() =>
            other.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-busy", lines: [("l1", 1000, 1, 0)]), default));

        Assert.False(error.CountsAsAttempt);
        Assert.InRange(error.RetryAfter, TimeSpan.FromSeconds(1), OwnerTimeout);
        Assert.Equal(0, busy.OrderCreates);
        Assert.Equal(busy.Owner.Id, await busy.ScalarAsync<Guid>("SELECT claim_owner FROM leat.dispatch WHERE external_id = 'o-busy'"));
        Assert.Equal(1, await busy.ScalarAsync<int>("SELECT attempts FROM leat.dispatch WHERE external_id = 'o-busy'"));
    }

    [Fact]
    public async Task DispatchOrder_takes_over_a_heartbeating_owners_claim_once_ClaimTimeout_has_passed()
    {
        var clock = new ShiftedClock();
        await using var hung = await DispatchHarness.StartAsync(clock: clock);
        await using var other = await hung.StartPeerAsync(clock);
        await hung.Heartbeat.BeatAsync(default);
        await hung.ClaimAndAbandonAsync("o-hung");
        for (var i = 0; i < 9; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            await hung.Heartbeat.BeatAsync(default);
        }

        // 135 s: past the two-minute claim although its owner still beats (a hung call, not a dead process).
        var result = await other.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-hung", lines: [("l1", 1000, 1, 0)]), default);

        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Equal(1, hung.OrderCreates);
    }

    [Fact]
    public async Task Heartbeat_registers_a_new_owner_when_its_row_was_deleted()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Heartbeat.BeatAsync(default);
        var first = h.Owner.Id;
        Assert.Equal(1L, await h.ScalarAsync<long>($"SELECT count(*) FROM leat.dispatch_owner WHERE owner_id = '{first}'"));

        await h.ExecuteAsync("DELETE FROM leat.dispatch_owner");
        await h.Heartbeat.BeatAsync(default);

        // A new id, not the old one revived: peers may already have judged the old one dead.
        Assert.NotEqual(first, h.Owner.Id);
        Assert.Equal(1L, await h.ScalarAsync<long>($"SELECT count(*) FROM leat.dispatch_owner WHERE owner_id = '{h.Owner.Id}' AND host <> ''"));
    }

    [Fact]
    public async Task Heartbeat_after_a_failed_beat_registers_afresh_so_a_stranded_claim_of_this_process_is_taken_over_at_once()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Heartbeat.BeatAsync(default);
        var before = h.Owner.Id;
        // The database goes away mid-dispatch: the claim was made, its outcome could not be written.
        await h.ClaimAndAbandonAsync("o-stranded");
        await h.ExecuteAsync("ALTER TABLE leat.dispatch_owner RENAME TO dispatch_owner_away");
        await h.Heartbeat.TryBeatAsync(default);
        await h.ExecuteAsync("ALTER TABLE leat.dispatch_owner_away RENAME TO dispatch_owner");

        await h.Heartbeat.TryBeatAsync(default);
        var result = await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-stranded", lines: [("l1", 1000, 1, 0)]), default);

        Assert.NotEqual(before, h.Owner.Id);
        Assert.Equal(0L, await h.ScalarAsync<long>($"SELECT count(*) FROM leat.dispatch_owner WHERE owner_id = '{before}'"));
        Assert.Equal(1L, await h.ScalarAsync<long>($"SELECT count(*) FROM leat.dispatch_owner WHERE owner_id = '{h.Owner.Id}'"));
        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Equal(1, h.OrderCreates);
    }

    [Fact]
    public async Task DispatchOrder_abandons_its_owner_id_when_it_cannot_write_the_outcome()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Heartbeat.BeatAsync(default);
        var before = h.Owner.Id;
        // Recording the sale writes leat.returnable too; without it the success cannot be recorded.
        await h.ExecuteAsync("ALTER TABLE leat.returnable RENAME TO returnable_away");

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-unrecorded", lines: [("l1", 1000, 1, 0)]), default));
        await h.ExecuteAsync("ALTER TABLE leat.returnable_away RENAME TO returnable");
        await h.Heartbeat.BeatAsync(default);

        Assert.NotEqual(before, h.Owner.Id);
        Assert.Equal(0L, await h.ScalarAsync<long>($"SELECT count(*) FROM leat.dispatch_owner WHERE owner_id = '{before}'"));
    }

    [Fact]
    public async Task Heartbeat_service_registers_again_on_its_next_tick_and_removes_its_row_at_shutdown()
    {
        await using var h = await DispatchHarness.StartAsync(_ => new() { ["Leat:Dispatch:OwnerHeartbeatInterval"] = "00:00:00.100" });
        await h.Heartbeat.StartAsync(default);
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM leat.dispatch_owner"));

        // Two successful beats after the delete: the first may have started before it.
        var beats = 0;
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Heartbeat.Beaten += ok =>
        {
            if (ok && Interlocked.Increment(ref beats) == 2)
            {
                registered.TrySetResult();
            }
        };
        await h.ExecuteAsync("DELETE FROM leat.dispatch_owner");
        await registered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1L, await h.ScalarAsync<long>($"SELECT count(*) FROM leat.dispatch_owner WHERE owner_id = '{h.Owner.Id}'"));
        await h.Heartbeat.StopAsync(default);
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM leat.dispatch_owner"));
    }

    [Fact]
    public void DispatchInProgressException_says_the_wait_does_not_count_as_an_attempt()
    {
        var error = new DispatchInProgressException("order", "o-1", TimeSpan.FromSeconds(3));

        Assert.False(error.CountsAsAttempt);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Theory]
    [InlineData("00:00:10", "00:00:20", "more than twice")]
    [InlineData("00:00:05", "00:02:00", "shorter than Leat:Dispatch:ClaimTimeout")]
    public async Task AddLeatDispatch_refuses_an_owner_timeout_that_is_not_between_two_heartbeats_and_the_claim_timeout(string interval, string timeout, string message)
    {
        await using var h = await DispatchHarness.StartAsync(_ => new()
        {
            ["Leat:Dispatch:OwnerHeartbeatInterval"] = interval,
            ["Leat:Dispatch:OwnerTimeout"] = timeout,
        });

        var error = Assert.Throws<OptionsValidationException>(() => h.Dispatcher);

        Assert.Contains(message, error.Message);
    }
}
