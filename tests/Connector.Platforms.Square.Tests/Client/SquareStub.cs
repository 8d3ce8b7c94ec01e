using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// A WireMock.Net server standing in for Square with canned answers, and the client pointed at it (built as the host
/// builds it, see <see cref="SquareClientHarness"/>). Every request is in WireMock's log, so tests count attempts
/// and read exactly what was sent. Unstubbed requests get WireMock's 404, which no test expects.
/// </summary>
internal sealed class SquareStub : IAsyncDisposable
{
    private int scenarios;

    public SquareStub(int maxRetries = 3, string timeout = SquareClientHarness.DefaultTimeout, string totalTimeout = SquareClientHarness.DefaultTotalTimeout)
    {
        Server = WireMockServer.Start();
        Harness = new SquareClientHarness(BaseAddress, maxRetries: maxRetries, timeout: timeout, totalTimeout: totalTimeout);
    }

    public WireMockServer Server { get; }

    public SquareClientHarness Harness { get; }

    public Connector.Platforms.Square.Client.ISquareClient Client => Harness.Client;

    public Uri BaseAddress => new(Server.Url!);

    /// <summary>What reached the server, in order.</summary>
    public IReadOnlyList<IRequestMessage> Requests =>
        [.. Server.LogEntries.OrderBy(entry => entry.RequestMessage.DateTime).Select(entry => entry.RequestMessage)];

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with <paramref name="replies"/> in turn, the last one from then on.</summary>
    public void Answer(string method, string path, params IResponseBuilder[] replies)
    {
        var scenario = $"s{Interlocked.Increment(ref scenarios)}";
        for (var i = 0; i < replies.Length; i++)
        {
            var given = Server.Given(Request.Create().WithPath(path).UsingMethod(method));
            if (replies.Length > 1)
            {
                given = given.InScenario(scenario);
                if (i > 0)
                {
                    given = given.WhenStateIs($"after-{i}");
                }

                if (i < replies.Length - 1)
                {
                    given = given.WillSetStateTo($"after-{i + 1}");
                }
            }

            given.RespondWith(replies[i]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        Server.Stop();
        Server.Dispose();
    }

    public static IResponseBuilder Json(int status, string body, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        return retryAfter is null ? response : response.WithHeader("Retry-After", retryAfter);
    }

    public static IResponseBuilder Ok(string body) => Json(200, body);

    public static IResponseBuilder Html(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody(body);

    /// <summary>A Square-shaped refusal.</summary>
    public static IResponseBuilder Error(int status, string category, string code, string? detail = null, string? retryAfter = null) =>
        Json(status, detail is null
            ? $$"""{"errors": [{"category": "{{category}}", "code": "{{code}}"}]}"""
            : $$"""{"errors": [{"category": "{{category}}", "code": "{{code}}", "detail": "{{detail}}"}]}""", retryAfter);
}
