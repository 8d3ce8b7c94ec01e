using Connector.Core.Mappings;
using Connector.Core.Pipeline;
using Connector.Jobs;
using Connector.Leat.Balance;
using Connector.Leat.Client;
using Connector.Leat.Dispatch;

namespace Connector.Core.Tests;

public sealed class DispatchFailureTests
{
    [Fact]
    public void A_Leat_refusal_fails_the_job_permanently_with_Leats_message()
    {
        var refusal = new LeatApiException(422, 1003, "The given data was invalid.", new Dictionary<string, IReadOnlyList<string>> { ["line_items.0.price"] = ["The line_items.0.price field is required."] }, null, null, null, null);

        var translated = Assert.IsType<PermanentJobFailureException>(DispatchFailure.ToJobException(refusal));

        Assert.Equal(refusal.Message, translated.Message);
        Assert.Contains("line_items.0.price", translated.Message);
        Assert.Same(refusal, translated.InnerException);
    }

    [Theory]
    [InlineData(503, 7)]
    [InlineData(429, 30)]
    public void A_busy_Leat_retries_the_job_after_the_delay_Leat_asked_for(int status, int seconds)
    {
        var busy = new LeatApiException(status, null, "Service Unavailable", null, null, TimeSpan.FromSeconds(seconds), null, null);

        var translated = Assert.IsType<RetryJobException>(DispatchFailure.ToJobException(busy));

        Assert.Equal(TimeSpan.FromSeconds(seconds), translated.RetryAfter);
    }

    [Fact]
    public void A_transient_failure_without_a_delay_is_left_to_the_engines_back_off()
    {
        var dropped = new LeatApiException(null, null, "no answer", null, true, null, true, null);

        Assert.Null(DispatchFailure.ToJobException(dropped));
    }

    [Fact]
    public void Payloads_that_can_never_succeed_fail_permanently()
    {
        Assert.IsType<PermanentJobFailureException>(DispatchFailure.ToJobException(new UnbalancedPayloadException("order o", ["order_amount 1 ≠ 2"])));
        Assert.IsType<PermanentJobFailureException>(DispatchFailure.ToJobException(new DispatchRejectedException("no such line")));
        Assert.IsType<PermanentJobFailureException>(DispatchFailure.ToJobException(new UnmappedLocationException("square", "L1", "square.json")));
    }

    [Fact]
    public void A_key_held_by_another_worker_or_an_order_not_yet_in_Leat_is_retried_later()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Assert.IsType<RetryJobException>(DispatchFailure.ToJobException(new DispatchInProgressException("order", "o", TimeSpan.FromSeconds(5)))).RetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<RetryJobException>(DispatchFailure.ToJobException(new OrderNotInLeatException("o", TimeSpan.FromMinutes(1)))).RetryAfter);
    }

    [Fact]
    public async Task RunAsync_rethrows_in_the_engines_terms()
    {
        var error = await Assert.ThrowsAsync<PermanentJobFailureException>(() =>
            DispatchFailure.RunAsync<int>(() => throw new DispatchRejectedException("nope")));

        Assert.Equal("nope", error.Message);
    }
}
