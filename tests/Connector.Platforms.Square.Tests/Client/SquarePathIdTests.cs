using Connector.Jobs;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Sync;

namespace Connector.Platforms.Square.Tests.Client;

public sealed class SquarePathIdTests : IAsyncDisposable
{
    private const string Rule = "is not a Square id (1 to 255 letters, digits, '_' or '-'); no request was sent";

    private readonly SquareStub square = new();

    public static TheoryData<string, string> HostileIds => new()
    {
        { "..", "'..'" },
        { ".", "'.'" },
        { "A/../../v2/refunds", "'A/../../v2/refunds'" },
        { "%2e%2e", "'%2e%2e'" },
        { "O1?x=1", "'O1?x=1'" },
        { "O1\n", "'O1\\u000a'" },
        { "", "''" },
        { new string('A', 500), $"'{new string('A', 40)}…' (500 characters)" },
    };

    public async ValueTask DisposeAsync() => await square.DisposeAsync();

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task RetrieveOrderAsync_fails_permanently_without_a_request_when_the_id_is_not_shaped_like_a_square_id(string id, string shown)
    {
        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveOrderAsync(id));

        Assert.Equal($"Square call failed without an answer: order id {shown} {Rule}", error.Message);
        Assert.Equal((false, (int?)null), (error.IsTransient, error.HttpStatus));
        Assert.Empty(square.Requests);
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task GetPaymentRefundAsync_fails_permanently_without_a_request_when_the_id_is_not_shaped_like_a_square_id(string id, string shown)
    {
        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.GetPaymentRefundAsync(id));

        Assert.Equal($"Square call failed without an answer: refund id {shown} {Rule}", error.Message);
        Assert.False(error.IsTransient);
        Assert.Empty(square.Requests);
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task RetrieveCustomerAsync_fails_permanently_without_a_request_or_the_id_in_the_message_when_the_id_is_not_shaped_like_a_square_id(string id, string shown)
    {
        Assert.NotNull(shown);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveCustomerAsync(id));

        Assert.Equal($"Square call failed without an answer: customer id {Rule}", error.Message);
        Assert.False(error.IsTransient);
        Assert.Empty(square.Requests);
    }

    [Fact]
    public async Task RetrieveOrderAsync_sends_the_id_as_one_path_segment_when_it_is_shaped_like_a_square_id()
    {
        square.Answer("GET", "/v2/orders/Ab_9-z", SquareStub.Ok("""{"order": {"id": "Ab_9-z"}}"""));

        await square.Client.RetrieveOrderAsync("Ab_9-z");

        // Sent as it is: nothing in a Square id needs escaping, and nothing is escaped twice.
        Assert.EndsWith("/v2/orders/Ab_9-z", Assert.Single(square.Requests).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SquareJobFailure_fails_the_job_permanently_with_the_reason_when_an_id_is_refused()
    {
        var error = await Assert.ThrowsAsync<PermanentJobFailureException>(
            () => SquareJobFailure.RunAsync(() => square.Client.RetrieveOrderAsync("A/../../v2/refunds")));

        Assert.Equal($"Square call failed without an answer: order id 'A/../../v2/refunds' {Rule}", error.Message);
        Assert.Empty(square.Requests);
    }
}
