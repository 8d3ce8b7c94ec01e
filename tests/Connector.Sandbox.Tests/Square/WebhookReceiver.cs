using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Sandbox.Tests.Square;

/// <summary>A loopback endpoint standing in for the connector's <c>/webhooks/square</c>: keeps raw bodies and headers.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The notification URL to configure on the simulator.</summary>
    public string Url { get; }

    /// <summary>Status every delivery is answered with.</summary>
    public int AnswerStatus { get; set; } = 200;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        WebhookReceiver? self = null;
        app.MapPost("/webhooks/square", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            await self!._received.Writer.WriteAsync(new Received(buffer.ToArray(), headers));
            context.Response.StatusCode = self.AnswerStatus;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new WebhookReceiver(app, address.TrimEnd('/') + "/webhooks/square");
        return self;
    }

    /// <summary>Waits for the next <paramref name="count"/> deliveries (fails the test after 10 s instead of hanging).</summary>
    public async Task<List<Received>> TakeAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = new List<Received>();
        while (result.Count < count)
        {
            result.Add(await _received.Reader.ReadAsync(timeout.Token));
        }

        return result;
    }

    /// <summary>Everything received so far and not taken.</summary>
    public List<Received> Drain()
    {
        var result = new List<Received>();
        while (_received.Reader.TryRead(out var item))
        {
            result.Add(item);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record Received(byte[] Body, Dictionary<string, string> Headers);
}
