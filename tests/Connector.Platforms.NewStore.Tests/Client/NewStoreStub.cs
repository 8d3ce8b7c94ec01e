using System.Globalization;
using Connector.Core.Platforms;
using Connector.Platforms.NewStore.Client;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connector.Platforms.NewStore.Tests.Client;

/// <summary>
/// A WireMock.Net server standing in for both NewStore hosts (identity service and API), and the client built over it
/// as the host builds it (<c>AddNewStoreClient</c>: Refit, resilience, auth and log handlers), with captured logs and
/// instant retry waits. The token endpoint answers a valid token unless a test says otherwise. Every request is in
/// WireMock's log, so tests count attempts and read exactly what was sent. Unstubbed requests get WireMock's 404.
/// </summary>
internal sealed class NewStoreStub : IAsyncDisposable
{
    public const string Tenant = "leatdemo-sandbox";
    public const string ClientId = "leat-connector-client";
    public const string ClientSecret = "ns-secret-7c41d2e9";
    public const string ApiKey = "ns-eventstream-key-5b8a";
    public const string Token = "ns-access-token-1";
    public const string WebhookUrl = "https://connector.example.com/webhooks/newstore";
    public const string TokenPath = "/auth/realms/" + Tenant + "/protocol/openid-connect/token";
    public const string QueryPath = "/api/v1/org/data/query";
    public const string EventStreamPath = "/api/v1/org/integrations/eventstream";

    /// <summary>The attempt timeout unless a test sets one; distinct from every retry delay, see <see cref="TestClock"/>.</summary>
    public const string DefaultTimeout = "00:00:07";

    private readonly List<ServiceProvider> providers = [];
    private int scenarios;
    private Lazy<INewStoreClient>? client;

    public NewStoreStub(int maxRetries = 3, string timeout = DefaultTimeout, bool stubToken = true)
    {
        Server = WireMockServer.Start();
        Timeout = timeout;
        MaxRetries = maxRetries;
        Clock = new TestClock(TimeSpan.Parse(timeout, CultureInfo.InvariantCulture), new NewStoreClientOptions().TotalTimeout);
        if (stubToken)
        {
            Answer("POST", TokenPath, TokenAnswer(Token));
        }
    }

    public WireMockServer Server { get; }

    public string Timeout { get; }

    public int MaxRetries { get; }

    public TestClock Clock { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public Uri BaseAddress => new(Server.Url!);

    /// <summary>The client, built on first use over <see cref="Configuration"/>.</summary>
    public INewStoreClient Client => (client ??= new(() => Services().GetRequiredService<INewStoreClient>())).Value;

    public INewStoreEventStream EventStream => (INewStoreEventStream)Client;

    /// <summary>What reached the server, in order.</summary>
    public IReadOnlyList<IRequestMessage> Requests =>
        [.. Server.LogEntries.OrderBy(entry => entry.RequestMessage.DateTime).Select(entry => entry.RequestMessage)];

    public IReadOnlyList<IRequestMessage> ApiRequests => [.. Requests.Where(request => request.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))];

    public int TokenRequests => Requests.Count(request => request.AbsolutePath == TokenPath);

    /// <summary>The configuration the host would read, pointed at the stub; <paramref name="overrides"/> replace or (null) remove keys.</summary>
    public IConfiguration Configuration(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["NewStore:Tenant"] = Tenant,
            ["NewStore:BaseUrl"] = BaseAddress.ToString(),
            ["NewStore:IdentityUrl"] = BaseAddress.ToString(),
            ["NewStore:ClientId"] = ClientId,
            ["NewStore:ClientSecret"] = ClientSecret,
            ["NewStore:EventStreamApiKey"] = ApiKey,
            ["NewStore:WebhookUrl"] = WebhookUrl,
            ["NewStore:Client:MaxRetries"] = MaxRetries.ToString(CultureInfo.InvariantCulture),
            ["NewStore:Client:RetryBaseDelay"] = "00:00:00.200",
            ["NewStore:Client:RetryMaxDelay"] = "00:00:05",
            ["NewStore:Client:Timeout"] = Timeout,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>A provider with <c>AddNewStoreClient</c> over <see cref="Configuration"/>, the test clock and captured logs.</summary>
    public ServiceProvider Services(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var provider = CommandServices(overrides)((services, configuration) => services.AddNewStoreClient(configuration));
        providers.Add(provider);
        return provider;
    }

    /// <summary>What the host's command line hands a platform's verbs (configuration, logging), over the stub.</summary>
    public PlatformCommandServices CommandServices(IReadOnlyDictionary<string, string?>? overrides = null) => add =>
    {
        var configuration = Configuration(overrides);
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs))
            .AddSingleton(configuration)
            .AddSingleton<TimeProvider>(Clock);
        add?.Invoke(services, configuration);
        return services.BuildServiceProvider();
    };

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
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        Server.Stop();
        Server.Dispose();
    }

    public static IResponseBuilder Json(int status, string body, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        return retryAfter is null ? response : response.WithHeader("Retry-After", retryAfter);
    }

    public static IResponseBuilder Ok(string body) => Json(200, body);

    public static IResponseBuilder Empty(int status) => Response.Create().WithStatusCode(status);

    public static IResponseBuilder Text(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/plain").WithBody(body);

    /// <summary>A NewStore-shaped refusal.</summary>
    public static IResponseBuilder Error(int status, string errorCode, string message, string? retryAfter = null) =>
        Json(status, $$"""{"error_code": "{{errorCode}}", "message": "{{message}}", "request_id": "req-1"}""", retryAfter);

    /// <summary>Keycloak's client-credentials answer.</summary>
    public static IResponseBuilder TokenAnswer(string token, int expiresIn = 3600) =>
        Ok($$"""{"access_token": "{{token}}", "expires_in": {{expiresIn}}, "refresh_expires_in": 0, "token_type": "Bearer", "not-before-policy": 0, "scope": "profile email"}""");

    /// <summary>An integration as NewStore lists it.</summary>
    public static string Integration(string id, string status, string type = "permanent") =>
        $$$"""{"id": "{{{id}}}", "status": "{{{status}}}", "integration_type": "{{{type}}}", "callback_parameters": {"callback_url": "{{{WebhookUrl}}}", "api_key": "{{{ApiKey}}}"}, "filter_conditions": {"event_filter": ["order.opened"]}}""";
}
