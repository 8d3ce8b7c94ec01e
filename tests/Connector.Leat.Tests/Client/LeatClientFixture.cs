using Connector.Testing;
using Connector.Leat.Client;
using Connector.Sandbox.Leat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Leat.Tests.Client;

/// <summary>A Leat fake on loopback and an <see cref="ILeatClient"/> wired exactly as the host wires it.</summary>
internal sealed class LeatClientFixture : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private LeatClientFixture(LeatFake fake, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Fake = fake;
        this.services = services;
        Logs = logs;
        Client = services.GetRequiredService<ILeatClient>();
    }

    public LeatFake Fake { get; }

    public ILeatClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Another typed-client instance from the same container, as a second worker would get.</summary>
    public ILeatClient NewClient() => services.GetRequiredService<ILeatClient>();

    public static async Task<LeatClientFixture> StartAsync(Action<LeatOptions>? configure = null)
    {
        var fake = await LeatFake.StartAsync(new LeatFakeOptions());
        var logs = new CapturingLoggerProvider();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        collection.AddLeatClient(options =>
        {
            options.BaseUrl = fake.BaseAddress.ToString();
            options.ApiToken = fake.ApiToken;
            options.RequestsPerSecond = 1000;
            options.GetRetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.GetRetryMaxDelay = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        });
        return new LeatClientFixture(fake, collection.BuildServiceProvider(validateScopes: true), logs);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
