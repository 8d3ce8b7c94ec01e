using System.Globalization;
using Connector.Testing;
using Connector.Platforms.Square.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// A <see cref="ISquareClient"/> built through <c>AddSquareClient</c>, as the host builds it (Refit, the resilience
/// handler, the auth and log handlers), with captured logs and instant retry waits.
/// </summary>
internal sealed class SquareClientHarness : IAsyncDisposable
{
    public const string Token = "sq-test-token-4f1c9e";
    public const string Version = "2025-08-20";

    /// <summary>The attempt timeout unless a test sets one; distinct from every retry delay, see <see cref="RecordingTimeProvider"/>.</summary>
    public const string DefaultTimeout = "00:00:07";

    /// <summary>The total timeout unless a test sets one; likewise distinct from every retry delay.</summary>
    public const string DefaultTotalTimeout = "00:00:40";

    private readonly ServiceProvider provider;

    public SquareClientHarness(Uri baseAddress, string? token = Token, string version = Version, int maxRetries = 3, string timeout = DefaultTimeout, string totalTimeout = DefaultTotalTimeout)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Square:BaseUrl"] = baseAddress.ToString(),
                ["Square:Version"] = version,
                ["Square:Client:MaxRetries"] = maxRetries.ToString(CultureInfo.InvariantCulture),
                ["Square:Client:RetryBaseDelay"] = "00:00:00.200",
                ["Square:Client:RetryMaxDelay"] = "00:00:05",
                ["Square:Client:Timeout"] = timeout,
                ["Square:Client:TotalTimeout"] = totalTimeout,
            })
            .AddInMemoryCollection(token is null ? [] : [new KeyValuePair<string, string?>("Square:AccessToken", token)])
            .Build();
        Time = new RecordingTimeProvider(TimeSpan.Parse(timeout, CultureInfo.InvariantCulture), TimeSpan.Parse(totalTimeout, CultureInfo.InvariantCulture));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSquareClient(configuration);
        provider = services.BuildServiceProvider();
        Client = provider.GetRequiredService<ISquareClient>();
    }

    public ISquareClient Client { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public RecordingTimeProvider Time { get; }

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}
