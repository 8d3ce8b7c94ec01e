using System.Net.Http.Headers;
using Connector.Http;
using Connector.Leat.Client;
using Connector.Leat.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Leat.Tests.Client;

/// <summary>How the client reads answers Leat may give but the fake does not: other envelopes, non-JSON errors, bad bodies.</summary>
public sealed class LeatClientAnswerTests
{
    [Fact]
    public async Task Non_JSON_error_body_still_maps_to_a_classified_exception()
    {
        await using var server = await CannedLeatServer.StartAsync();
        server.Enqueue(502, "<html><body>Bad gateway</body></html>", "text/html");
        var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => client.ProcessOrderAsync("o-1", CancellationToken.None));

        Assert.Equal("Leat answered 502: HTTP 502 Bad Gateway", error.Message);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);
        Assert.Empty(error.FieldErrors);
    }

    [Fact]
    public async Task Plain_text_error_body_is_quoted_in_the_message()
    {
        await using var server = await CannedLeatServer.StartAsync();
        server.Enqueue(400, "bad request from proxy", "text/plain");
        var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => client.ProcessOrderAsync("o-1", CancellationToken.None));

        Assert.Equal("Leat answered 400: HTTP 400 Bad Request: bad request from proxy", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_becomes_a_delay()
    {
        await using var server = await CannedLeatServer.StartAsync();
        server.Enqueue(503, """{"status_code":503,"code":503,"message":"Down for maintenance."}""",
            retryAfter: DateTimeOffset.UtcNow.AddMinutes(10).ToString("R"));
        var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => client.ProcessOrderAsync("o-1", CancellationToken.None));

        Assert.Equal("Down for maintenance.", error.LeatMessage);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Unreadable_success_body_on_a_POST_is_transient_and_may_have_taken_effect()
    {
        await using var server = await CannedLeatServer.StartAsync();
        server.Enqueue(200, """{"data":null,"meta":[]}""");
        server.Enqueue(200, "not json");
        var client = ClientFor(server);
        var order = new LeatOrderRequest
        {
            ExternalIdentifier = "E", Status = LeatOrderStatus.Completed, PaymentStatus = LeatPaymentStatus.Paid, TotalOrderAmount = 0,
            Contact = new LeatUuidRef("c"), BusinessProfile = new LeatUuidRef("s"), LineItems = [],
        };

        var noData = await Assert.ThrowsAsync<LeatApiException>(() => client.CreateAndProcessOrderAsync(order, CancellationToken.None));
        var notJson = await Assert.ThrowsAsync<LeatApiException>(() => client.CreateOrderAsync(order, CancellationToken.None));

        Assert.Equal("Leat answered 200: POST orders/create-and-process: the answer could not be read: the answer has no data", noData.Message);
        Assert.True(noData.IsTransient && noData.MayHaveTakenEffect);
        Assert.StartsWith("Leat answered 200: POST orders: the answer could not be read: ", notJson.Message, StringComparison.Ordinal);
        Assert.True(notJson.IsTransient && notJson.MayHaveTakenEffect);
    }

    [Theory]
    [InlineData("""{"data":{"type":"POINTS_TRANSACTION","data":{"points":35,"new_balance":2267}}}""", 35L)]
    [InlineData("""{"data":{"result":{"type":"points_transaction","data":{"points":12}}}}""", 12L)]
    [InlineData("""{"data":{"result":null}}""", null)]
    [InlineData("""{"data":null}""", null)]
    [InlineData("""{"data":[]}""", null)]
    public async Task Process_result_reads_both_envelopes_and_empty_answers(string body, long? points)
    {
        await using var server = await CannedLeatServer.StartAsync();
        server.Enqueue(200, body);
        var client = ClientFor(server);

        var result = await client.ProcessReturnAsync("r-1", CancellationToken.None);

        Assert.Equal(points, result?.Data?.Points);
    }

    [Fact]
    public void RetryAfter_reads_delta_and_date_and_never_goes_negative()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.ToDelay(new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)), now));
        Assert.Equal(TimeSpan.FromMinutes(2), RetryAfter.ToDelay(new RetryConditionHeaderValue(now.AddMinutes(2)), now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.ToDelay(new RetryConditionHeaderValue(now.AddMinutes(-2)), now));
        Assert.Null(RetryAfter.ToDelay(null, now));
    }

    private static ILeatClient ClientFor(CannedLeatServer server)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLeatClient(options =>
        {
            options.BaseUrl = server.BaseAddress.ToString();
            options.ApiToken = "canned-token";
            options.RequestsPerSecond = 1000;
        });
        return services.BuildServiceProvider().GetRequiredService<ILeatClient>();
    }
}
