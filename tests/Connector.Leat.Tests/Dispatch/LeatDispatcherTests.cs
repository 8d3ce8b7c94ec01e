using Connector.Leat.Balance;
using Connector.Leat.Client;
using Connector.Leat.Dispatch;
using Connector.Leat.Model;

namespace Connector.Leat.Tests.Dispatch;

public sealed class LeatDispatcherTests
{
    [Fact]
    public async Task DispatchOrder_sends_once_and_answers_already_succeeded_when_asked_again()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-1", lines: [("l1", 1250, 2, 0), ("l2", 450, 2, 225)]);

        var first = await h.Dispatcher.DispatchOrderAsync(sale, default);
        var second = await h.Dispatcher.DispatchOrderAsync(sale, default);

        Assert.Equal(DispatchOutcome.Sent, first.Outcome);
        Assert.Equal(31, first.Points); // 2500 + 675 = 31.75 EUR; the fake awards 1 point per whole euro
        Assert.Equal(DispatchOutcome.AlreadySucceeded, second.Outcome);
        Assert.Equal(first.LeatUuid, second.LeatUuid);
        Assert.False(second.Drift);
        Assert.Equal(1, h.OrderCreates);
        Assert.Equal("succeeded", await h.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'o-1'"));
    }

    [Fact]
    public async Task Concurrent_dispatches_of_one_key_make_exactly_one_Leat_call()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-race", lines: [("l1", 1000, 1, 0)]);
        h.Fake.DelayNext(1, TimeSpan.FromMilliseconds(400), "/orders/create-and-process");

        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await h.Dispatcher.DispatchOrderAsync(sale, default)).Outcome.ToString();
            }
            catch (DispatchInProgressException)
            {
                return "in-progress";
            }
        }));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, h.OrderCreates);
        Assert.Single(outcomes, o => o == nameof(DispatchOutcome.Sent));
        Assert.All(outcomes.Where(o => o != nameof(DispatchOutcome.Sent)), o => Assert.Contains(o, new[] { "in-progress", nameof(DispatchOutcome.AlreadySucceeded) }));
        Assert.Single(h.Fake.Orders);
    }

    [Fact]
    public async Task A_dropped_answer_after_Leat_committed_is_found_and_not_created_again()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-drop", lines: [("l1", 2000, 1, 0)]);
        h.Fake.CommitThenDropNext(1, "/orders/create-and-process");

        var lost = await Assert.ThrowsAsync<LeatApiException>(() => h.Dispatcher.DispatchOrderAsync(sale, default));
        Assert.True(lost.IsTransient);
        Assert.Equal("pending", await h.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'o-drop'"));

        var retried = await h.Dispatcher.DispatchOrderAsync(sale, default);

        Assert.Equal(DispatchOutcome.FoundInLeat, retried.Outcome);
        Assert.Equal(1, h.OrderCreates);
        var order = Assert.Single(h.Fake.Orders.Values);
        Assert.Equal(order.Uuid, retried.LeatUuid);
        Assert.Equal(20, h.Fake.ContactBalance(order.ContactUuid));
        Assert.Equal("found_in_leat", await h.ScalarAsync<string>("SELECT resolution FROM leat.dispatch WHERE external_id = 'o-drop'"));
    }

    [Fact]
    public async Task A_422_fails_permanently_with_Leats_message_and_a_corrected_replay_succeeds()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-422", lines: [("l1", 1000, 1, 0)]);
        var wrongShop = sale with { Order = sale.Order with { BusinessProfile = new LeatUuidRef("00000000-0000-0000-0000-000000000099") } };

        var refused = await Assert.ThrowsAsync<LeatApiException>(() => h.Dispatcher.DispatchOrderAsync(wrongShop, default));

        Assert.False(refused.IsTransient);
        Assert.Equal(422, refused.HttpStatus);
        Assert.Contains("business_profile", refused.Message);
        Assert.Equal("failed", await h.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'o-422'"));
        Assert.Equal(refused.Message, await h.ScalarAsync<string>("SELECT last_error FROM leat.dispatch WHERE external_id = 'o-422'"));

        var replayed = await h.Dispatcher.DispatchOrderAsync(sale, default);
        Assert.Equal(DispatchOutcome.Sent, replayed.Outcome);
        Assert.Single(h.Fake.Orders);
    }

    [Theory]
    [InlineData(503, 7)]
    [InlineData(429, 3)]
    public async Task A_503_or_429_is_transient_with_Leats_delay_and_the_retry_sends_one_order(int status, int retryAfterSeconds)
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-busy", lines: [("l1", 1000, 1, 0)]);
        h.Fake.FailNext(1, status, TimeSpan.FromSeconds(retryAfterSeconds), "/orders/create-and-process");

        var busy = await Assert.ThrowsAsync<LeatApiException>(() => h.Dispatcher.DispatchOrderAsync(sale, default));

        Assert.True(busy.IsTransient);
        Assert.Equal(status, busy.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), busy.RetryAfter);
        Assert.Equal("pending", await h.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'o-busy'"));

        var retried = await h.Dispatcher.DispatchOrderAsync(sale, default);
        Assert.Equal(DispatchOutcome.Sent, retried.Outcome);
        Assert.Single(h.Fake.Orders);
    }

    [Fact]
    public async Task An_unbalanced_payload_is_never_sent_and_the_failure_names_the_mismatch()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-bad", lines: [("l1", 1000, 2, 0)]);
        var wrong = sale with { Order = sale.Order with { LineItems = [sale.Order.LineItems[0] with { TotalAmount = 1999 }] } };

        var error = await Assert.ThrowsAsync<UnbalancedPayloadException>(() => h.Dispatcher.DispatchOrderAsync(wrong, default));

        Assert.Contains("1999", error.Message);
        Assert.Equal(0, h.Fake.Requests.Count(r => r.Path.Contains("/orders", StringComparison.Ordinal)));
        Assert.Equal("failed", await h.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'o-bad'"));
        Assert.Contains("1999", await h.ScalarAsync<string>("SELECT last_error FROM leat.dispatch WHERE external_id = 'o-bad'"));
    }

    [Fact]
    public async Task A_changed_payload_for_a_succeeded_key_is_recorded_as_drift_and_not_resent()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-drift", lines: [("l1", 1000, 1, 0)]);
        await h.Dispatcher.DispatchOrderAsync(sale, default);
        var changed = DispatchHarness.Sale("o-drift", lines: [("l1", 1500, 1, 0)]);

        var again = await h.Dispatcher.DispatchOrderAsync(changed, default);

        Assert.Equal(DispatchOutcome.AlreadySucceeded, again.Outcome);
        Assert.True(again.Drift);
        Assert.Equal(1, h.OrderCreates);
        Assert.Equal(1500L, await h.ScalarAsync<long>("SELECT (drift_payload->'line_items'->0->>'price')::bigint FROM leat.dispatch WHERE external_id = 'o-drift'"));
    }

    [Fact]
    public async Task The_ids_a_dispatch_is_also_known_as_are_kept_beside_its_source_id_for_search()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-aka", lines: [("l1", 1000, 1, 0)]) with { AlsoKnownAs = ["#1001"] }, default);
        await h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-aka", "o-aka", ("l1", 1)) with { AlsoKnownAs = ["REFUND-1", "REFUND-2"] }, default);

        Assert.Equal("#1001", await h.ScalarAsync<string>("SELECT source_ids->'also'->>0 FROM leat.dispatch WHERE external_id = 'o-aka'"));
        Assert.Equal("r-aka", await h.ScalarAsync<string>("SELECT external_id FROM leat.dispatch WHERE source_ids->'also' ? 'REFUND-2'"));
    }

    [Fact]
    public async Task Repeated_partial_returns_are_capped_at_what_was_sold()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-ret", lines: [("l1", 1000, 3, 0)]), default);

        var first = await h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-1", "o-ret", ("l1", 2)), default);
        var second = await h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-2", "o-ret", ("l1", 2)), default);
        var third = await h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-3", "o-ret", ("l1", 1)), default);

        Assert.Equal(DispatchOutcome.Sent, first.Outcome);
        Assert.Empty(first.Caps!);
        Assert.Equal(DispatchOutcome.Sent, second.Outcome);
        var cap = Assert.Single(second.Caps!);
        Assert.Equal(new ReturnCap("line", "l1", 2, 1, 2000, 1000), cap);
        Assert.Equal(DispatchOutcome.Skipped, third.Outcome);
        Assert.Equal(2, h.ReturnCreates);

        var sent = h.Fake.Returns.Values.OrderBy(r => r.ExternalIdentifier).ToList();
        Assert.Equal([2000L, 1000L], sent.Select(r => r.ReturnedBasis));
        var order = h.Fake.Orders["o-ret"];
        Assert.Equal(order.PointsAwarded, order.PointsReversed);
        Assert.Equal(0, h.Fake.ContactBalance(order.ContactUuid));
        Assert.Equal("2|1", await h.ScalarAsync<string>("SELECT (caps->0->>'requested_quantity') || '|' || (caps->0->>'sent_quantity') FROM leat.dispatch WHERE external_id = 'r-2'"));
    }

    [Fact]
    public async Task Concurrent_returns_of_one_order_together_never_exceed_what_was_sold()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-two", lines: [("l1", 500, 1, 0)]), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return($"r-two-{i}", "o-two", ("l1", 1)), default))));

        Assert.Single(results, r => r.Outcome == DispatchOutcome.Sent);
        Assert.Equal(3, results.Count(r => r.Outcome == DispatchOutcome.Skipped));
        Assert.Equal(1, h.ReturnCreates);
        Assert.Equal(1m, await h.ScalarAsync<decimal>("SELECT returned_quantity FROM leat.returnable WHERE order_external_id = 'o-two'"));
    }

    [Fact]
    public async Task A_return_whose_order_never_reached_Leat_sends_the_order_first()
    {
        await using var h = await DispatchHarness.StartAsync();
        var sale = DispatchHarness.Sale("o-late", lines: [("l1", 1000, 2, 0)]);
        var ret = DispatchHarness.Return("r-late", "o-late", ("l1", 1)) with { BuildOrder = _ => Task.FromResult(sale) };

        var result = await h.Dispatcher.DispatchReturnAsync(ret, default);

        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Equal(1, h.OrderCreates);
        Assert.Equal(1, h.ReturnCreates);
        var calls = h.Fake.Requests.Where(r => r.Method == "POST").Select(r => r.Path).ToList();
        Assert.True(calls.FindIndex(p => p.EndsWith("/orders/create-and-process", StringComparison.Ordinal))
                    < calls.FindIndex(p => p.EndsWith("/order-returns/create-and-process", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_return_whose_order_is_unknown_and_cannot_be_built_waits_for_it()
    {
        await using var h = await DispatchHarness.StartAsync();

        var error = await Assert.ThrowsAsync<OrderNotInLeatException>(() =>
            h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-orphan", "o-missing", ("l1", 1)), default));

        Assert.Contains("o-missing", error.Message);
        Assert.Equal(0, h.ReturnCreates);
    }

    [Fact]
    public async Task A_return_Leat_already_holds_is_accepted_as_done_on_its_duplicate_rejection()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-dup", lines: [("l1", 1000, 2, 0)]), default);
        h.Fake.CommitThenDropNext(1, "/order-returns/create-and-process");
        var ret = DispatchHarness.Return("r-dup", "o-dup", ("l1", 1));

        await Assert.ThrowsAsync<LeatApiException>(() => h.Dispatcher.DispatchReturnAsync(ret, default));
        var retried = await h.Dispatcher.DispatchReturnAsync(ret, default);

        Assert.Equal(DispatchOutcome.DuplicateAccepted, retried.Outcome);
        Assert.Single(h.Fake.Returns);
        Assert.Equal(1m, await h.ScalarAsync<decimal>("SELECT returned_quantity FROM leat.returnable WHERE order_external_id = 'o-dup'"));
        var order = h.Fake.Orders["o-dup"];
        Assert.Equal(order.PointsAwarded / 2, order.PointsReversed);
    }

    [Fact]
    public async Task A_permanently_refused_return_gives_its_reservation_back()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-give", lines: [("l1", 1000, 1, 0)]), default);
        h.Fake.FailNext(1, 422, null, "/order-returns/create-and-process");
        var ret = DispatchHarness.Return("r-give", "o-give", ("l1", 1));

        await Assert.ThrowsAsync<LeatApiException>(() => h.Dispatcher.DispatchReturnAsync(ret, default));
        Assert.Equal(0m, await h.ScalarAsync<decimal>("SELECT returned_quantity FROM leat.returnable WHERE order_external_id = 'o-give'"));

        var replayed = await h.Dispatcher.DispatchReturnAsync(ret, default);
        Assert.Equal(DispatchOutcome.Sent, replayed.Outcome);
        Assert.Empty(replayed.Caps!);
    }

    [Fact]
    public async Task A_return_naming_a_line_the_order_lacks_is_rejected_without_a_call()
    {
        await using var h = await DispatchHarness.StartAsync();
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-x", lines: [("l1", 1000, 1, 0)]), default);

        var error = await Assert.ThrowsAsync<DispatchRejectedException>(() =>
            h.Dispatcher.DispatchReturnAsync(DispatchHarness.Return("r-x", "o-x", ("nope", 1)), default));

        Assert.Equal("Return r-x references line item nope, which order o-x does not have.", error.Message);
        Assert.Equal(0, h.ReturnCreates);
        Assert.Equal("failed", await h.ScalarAsync<string>("SELECT status FROM leat.dispatch WHERE external_id = 'r-x'"));
    }

    [Fact]
    public async Task An_order_without_email_is_skipped_with_a_reason_under_the_default_policy()
    {
        await using var h = await DispatchHarness.StartAsync();

        var result = await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-anon", email: null, lines: [("l1", 1000, 1, 0)]), default);

        Assert.Equal(DispatchOutcome.Skipped, result.Outcome);
        Assert.Equal("Order o-anon has no customer email and the missing-email policy is Skip.", result.Reason);
        Assert.Equal(0, h.OrderCreates);
        Assert.Equal(result.Reason, await h.ScalarAsync<string>("SELECT skip_reason FROM leat.dispatch WHERE external_id = 'o-anon'"));
    }

    [Fact]
    public async Task An_order_without_email_is_booked_on_the_fallback_contact_when_configured()
    {
        string? walkIn = null;
        await using var h = await DispatchHarness.StartAsync(fake =>
        {
            walkIn = fake.AddContact("walk-in@shop.example");
            return new() { ["Leat:Dispatch:MissingEmail"] = "Fallback", ["Leat:Dispatch:FallbackContactUuid"] = walkIn };
        });

        var result = await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-walkin", email: null, lines: [("l1", 1000, 1, 0)]), default);

        Assert.Equal(DispatchOutcome.Sent, result.Outcome);
        Assert.Equal(walkIn, h.Fake.Orders["o-walkin"].ContactUuid);
    }

    [Fact]
    public async Task The_fallback_policy_without_a_contact_uuid_is_refused_at_start()
    {
        await using var h = await DispatchHarness.StartAsync(_ => new() { ["Leat:Dispatch:MissingEmail"] = "Fallback" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => h.Dispatcher);

        Assert.Contains("Leat:Dispatch:FallbackContactUuid must be a contact uuid", error.Message);
    }

    [Fact]
    public async Task Contacts_are_resolved_once_per_normalised_email()
    {
        await using var h = await DispatchHarness.StartAsync();

        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-c1", email: "Grace@Example.com", lines: [("l1", 1000, 1, 0)]), default);
        await h.Dispatcher.DispatchOrderAsync(DispatchHarness.Sale("o-c2", email: " grace@example.com ", lines: [("l1", 1000, 1, 0)]), default);

        Assert.Equal(1, h.Fake.CallCount("GET", "/contacts/find-or-create"));
        Assert.Equal(h.Fake.Orders["o-c1"].ContactUuid, h.Fake.Orders["o-c2"].ContactUuid);
        Assert.Equal("grace@example.com", await h.ScalarAsync<string>("SELECT email FROM leat.contact"));
    }
}
