using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Leat.Tests.Client;

/// <summary>
/// A loopback server answering canned responses, for the answers the contract-enforcing fake never gives
/// (HTML error pages, malformed success bodies, other result envelopes, HTTP-date Retry-After).
/// </summary>
internal sealed class CannedLeatServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(int Status, string Body, string ContentType, string? RetryAfter)> answers = new();

    private CannedLeatServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int Calls { get; private set; }

    public static async Task<CannedLeatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new CannedLeatServer(builder.Build());
        server.app.Run(server.AnswerAsync);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public void Enqueue(int status, string body, string contentType = "application/json", string? retryAfter = null) =>
        answers.Enqueue((status, body, contentType, retryAfter));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        Calls++;
        if (!answers.TryDequeue(out var answer))
        {
            answer = (500, "no canned answer left", "text/plain", null);
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        await context.Response.WriteAsync(answer.Body);
    }
}
