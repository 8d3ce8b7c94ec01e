using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Sandbox.Tests.NewStore;

/// <summary>A loopback callback standing in for the connector's <c>/webhooks/newstore</c>: keeps bodies and headers, answers as told.</summary>
internal sealed class NewStoreEventReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly Queue<int> _answers = new();
    private readonly Lock _gate = new();

    private NewStoreEventReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Answers the next deliveries with these statuses, then 200.</summary>
    public void AnswerNext(params int[] statuses)
    {
        lock (_gate)
        {
            foreach (var status in statuses)
            {
                _answers.Enqueue(status);
            }
        }
    }

    public static async Task<NewStoreEventReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        NewStoreEventReceiver? self = null;
        app.MapPost("/webhooks/newstore", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            await self!._received.Writer.WriteAsync(new Received(body, headers));
            lock (self._gate)
            {
                context.Response.StatusCode = self._answers.Count > 0 ? self._answers.Dequeue() : 200;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new NewStoreEventReceiver(app, address.TrimEnd('/') + "/webhooks/newstore");
        return self;
    }

    /// <summary>Everything received so far and not taken (the sender's flush has awaited every answer).</summary>
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

    internal sealed record Received(string Body, Dictionary<string, string> Headers);
}
