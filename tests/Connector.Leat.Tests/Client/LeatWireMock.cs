using Connector.Leat.Client;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connector.Leat.Tests.Client;

/// <summary>
/// A WireMock.Net stub of Leat on loopback and an <see cref="ILeatClient"/> wired exactly as the host wires it, for
/// the exact requests and the answers the contract-enforcing fake never gives. Unstubbed requests get WireMock's 404.
/// </summary>
internal sealed class LeatWireMock : IDisposable
{
    public const string Token = "wiremock-token";

    public const string Root = "/api/v3/oauth/clients/";

    private readonly ServiceProvider services;

    private LeatWireMock(WireMockServer server, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Server = server;
        this.services = services;
        Logs = logs;
        Client = services.GetRequiredService<ILeatClient>();
    }

    public WireMockServer Server { get; }

    public ILeatClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>What reached the stub, oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Requests =>
        [.. Server.LogEntries.Select(entry => entry.RequestMessage).OrderBy(request => request.DateTime)];

    public static LeatWireMock Start(Action<LeatOptions>? configure = null, Action<IServiceCollection>? before = null)
    {
        var server = WireMockServer.Start();
        var logs = new CapturingLoggerProvider();
        return new LeatWireMock(server, BuildServices(server.Url!, Token, logs, configure, before), logs);
    }

    /// <summary>
    /// The client as the host wires it, with test-sized delays: no real rate limit, 10 ms back-off capped at 200 ms,
    /// 5 s per attempt; <paramref name="before"/> registers what must win over <c>AddLeatClient</c>'s defaults.
    /// </summary>
    public static ServiceProvider BuildServices(
        string baseUrl, string token, CapturingLoggerProvider logs, Action<LeatOptions>? configure, Action<IServiceCollection>? before = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        before?.Invoke(collection);
        collection.AddLeatClient(options =>
        {
            options.BaseUrl = baseUrl;
            options.ApiToken = token;
            options.RequestsPerSecond = 1000;
            options.Timeout = TimeSpan.FromSeconds(5);
            options.GetRetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.GetRetryMaxDelay = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        });
        return collection.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Another client instance from the same container, as a second worker would get.</summary>
    public ILeatClient NewClient() => services.GetRequiredService<ILeatClient>();

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (below the API root) with a canned response.</summary>
    public void Answer(
        string method, string path, int status, string body, string contentType = "application/json", string? retryAfter = null, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        if (delay is { } wait)
        {
            response = response.WithDelay(wait);
        }

        Server.Given(Request.Create().WithPath(Root + path).UsingMethod(method)).RespondWith(response);
    }

    /// <summary>Answers <paramref name="failures"/> times with <paramref name="status"/>, then with 200 and <paramref name="body"/>.</summary>
    public void FailThenAnswer(string method, string path, int failures, int status, string body, string? retryAfter = null)
    {
        for (var i = 0; i < failures; i++)
        {
            var failure = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"status_code":{{status}},"code":{{status}},"message":"Try again."}""");
            if (retryAfter is not null)
            {
                failure = failure.WithHeader("Retry-After", retryAfter);
            }

            var given = Server.Given(Request.Create().WithPath(Root + path).UsingMethod(method)).InScenario(path);
            if (i > 0)
            {
                given = given.WhenStateIs($"failed {i}");
            }

            given.WillSetStateTo($"failed {i + 1}").RespondWith(failure);
        }

        Server.Given(Request.Create().WithPath(Root + path).UsingMethod(method))
            .InScenario(path).WhenStateIs($"failed {failures}")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    public int Count(string method, string path) =>
        Requests.Count(request => request.Method == method && request.AbsolutePath == Root + path);

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
