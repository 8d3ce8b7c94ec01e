using Connector.Testing;
using Connector.Platforms.Square.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>A <see cref="ISquareClient"/> built through <c>AddSquareClient</c>, as the host builds it, with captured logs and instant retry waits.</summary>
internal sealed class SquareClientHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public SquareClientHarness(Uri baseAddress, string? token = SquareTestServer.Token, string version = SquareTestServer.Version, int maxRetries = 3, string timeout = "00:00:05")
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Square:BaseUrl"] = baseAddress.ToString(),
                ["Square:Version"] = version,
                ["Square:Client:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Square:Client:RetryBaseDelay"] = "00:00:00.200",
                ["Square:Client:RetryMaxDelay"] = "00:00:05",
                ["Square:Client:Timeout"] = timeout,
            })
            .AddInMemoryCollection(token is null ? [] : [new KeyValuePair<string, string?>("Square:AccessToken", token)])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSquareClient(configuration);
        provider = services.BuildServiceProvider();
        Client = provider.GetRequiredService<ISquareClient>();
    }

    public ISquareClient Client { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public RecordingTimeProvider Time { get; } = new();

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}
