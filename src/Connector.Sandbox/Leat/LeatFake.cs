using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Sandbox.Leat;

/// <summary>
/// A contract-enforcing fake of the Leat (formerly Piggy) loyalty API on a real loopback HTTP server, like stripe-mock:
/// it validates payloads the way the docs describe, keeps orders, returns and balances, injects faults and records
/// every request. It shares no types with the product, so a wrong product model cannot agree with its own fake.
/// </summary>
public sealed class LeatFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private LeatFake(WebApplication app, LeatFakeState state, Uri baseAddress)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Root of the server (<c>http://127.0.0.1:port/</c>), the equivalent of <c>https://api.piggy.eu</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/> + <c>api/v3/oauth/clients/</c>.</summary>
    public Uri ApiBaseAddress => new(BaseAddress, LeatFakeRoutes.Prefix.TrimStart('/') + "/");

    /// <summary>The token the fake accepts.</summary>
    public string ApiToken => State.Options.ApiToken;

    /// <summary>The fake's state, for inspection beyond the shortcuts below.</summary>
    public LeatFakeState State { get; }

    /// <inheritdoc cref="LeatFakeState.Requests"/>
    public IReadOnlyList<RecordedRequest> Requests => State.Requests;

    /// <inheritdoc cref="LeatFakeState.Orders"/>
    public IReadOnlyDictionary<string, LeatFakeOrder> Orders => State.Orders;

    /// <inheritdoc cref="LeatFakeState.Returns"/>
    public IReadOnlyDictionary<string, LeatFakeReturn> Returns => State.Returns;

    /// <inheritdoc cref="LeatFakeState.Contacts"/>
    public IReadOnlyList<LeatFakeContact> Contacts => State.Contacts;

    /// <inheritdoc cref="LeatFakeState.OrderCount"/>
    public int OrderCount => State.OrderCount;

    /// <inheritdoc cref="LeatFakeState.ReturnCount"/>
    public int ReturnCount => State.ReturnCount;

    /// <inheritdoc cref="LeatFakeState.HasOrder"/>
    public bool HasOrder(string externalIdentifier) => State.HasOrder(externalIdentifier);

    /// <summary>Starts the fake on 127.0.0.1 (port from the options, 0 = any free port).</summary>
    public static async Task<LeatFake> StartAsync(LeatFakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LeatFakeOptions();
        var state = new LeatFakeState(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        Map(app, state);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LeatFake(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Mounts the Leat routes (under <c>/api/v3/oauth/clients</c>) on an existing host, e.g. the sandbox run.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, LeatFakeState state) => LeatFakeRoutes.Map(endpoints, state);

    /// <inheritdoc cref="LeatFakeState.FailNext"/>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null, string? pathFilter = null) =>
        State.FailNext(count, statusCode, retryAfter, pathFilter);

    /// <inheritdoc cref="LeatFakeState.DelayNext"/>
    public void DelayNext(int count, TimeSpan delay, string? pathFilter = null) => State.DelayNext(count, delay, pathFilter);

    /// <inheritdoc cref="LeatFakeState.CommitThenDropNext"/>
    public void CommitThenDropNext(int count, string? pathFilter = null) => State.CommitThenDropNext(count, pathFilter);

    /// <inheritdoc cref="LeatFakeState.ClearFaults"/>
    public void ClearFaults() => State.ClearFaults();

    /// <inheritdoc cref="LeatFakeState.ContactBalance"/>
    public long ContactBalance(string contactUuid) => State.ContactBalance(contactUuid);

    /// <inheritdoc cref="LeatFakeState.AddContact"/>
    public string AddContact(string email, long balance = 0) => State.AddContact(email, balance);

    /// <inheritdoc cref="LeatFakeState.CallCount"/>
    public int CallCount(string method, string pathPrefix) => State.CallCount(method, pathPrefix);

    /// <inheritdoc cref="LeatFakeState.ClearRequests"/>
    public void ClearRequests() => State.ClearRequests();

    /// <inheritdoc cref="LeatFakeState.Reset"/>
    public void Reset() => State.Reset();

    /// <summary>Stops the server; requests still being delayed are cut off.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
