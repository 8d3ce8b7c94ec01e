using Connector.Testing;
using Connector.Leat.Client;
using Connector.Sandbox.Leat;
using Microsoft.Extensions.DependencyInjection;

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

    public static async Task<LeatClientFixture> StartAsync(Action<LeatOptions>? configure = null)
    {
        var fake = await LeatFake.StartAsync(new LeatFakeOptions());
        var logs = new CapturingLoggerProvider();
        return new LeatClientFixture(fake, LeatWireMock.BuildServices(fake.BaseAddress.ToString(), fake.ApiToken, logs, configure), logs);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
