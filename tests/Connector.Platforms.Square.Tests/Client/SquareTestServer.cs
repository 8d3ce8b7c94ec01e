using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// A loopback Kestrel server (127.0.0.1, port 0) that checks every request has the shape Square demands — Bearer
/// token, pinned <c>Square-Version</c>, JSON <c>Accept</c>, JSON body on POST — answering a Square-shaped error when
/// not, and otherwise lets the test answer. Every request is recorded.
/// </summary>
internal sealed class SquareTestServer : IAsyncDisposable
{
    public const string Token = "sq-test-token-4f1c9e";
    public const string Version = "2025-08-20";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<SquareTestRequest> requests = new();

    private SquareTestServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Answers a well-formed request; the default answers 500 so a forgotten handler fails loudly.</summary>
    public Func<SquareTestRequest, SquareTestReply> Handler { get; set; } =
        _ => new SquareTestReply(500, """{"errors":[{"category":"API_ERROR","code":"INTERNAL_SERVER_ERROR","detail":"no handler"}]}""");

    public IReadOnlyList<SquareTestRequest> Requests => [.. requests];

    /// <summary>When set, the next request is held until the test completes this (or the client gives up on it).</summary>
    public TaskCompletionSource? StallNext { get; set; }

    /// <summary>Completes once a request is being held by <see cref="StallNext"/>.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<SquareTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new SquareTestServer(builder.Build());
        server.app.Run(server.AnswerAsync);
        await server.app.StartAsync();
        server.BaseAddress = new Uri(server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static SquareTestReply Refuse(int status, string category, string code, string detail) =>
        new(status, JsonSerializer.Serialize(new { errors = new[] { new { category, code, detail } } }));

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new SquareTestRequest(
            context.Request.Method,
            // The raw target, so tests see exactly how ids were escaped on the wire.
            (context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "").Split('?')[0],
            context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            body.Length == 0 ? null : body);
        requests.Enqueue(request);
        if (StallNext is { } stall)
        {
            StallNext = null;
            Stalled.TrySetResult();
            await stall.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var reply = Validate(context.Request, body) ?? Handler(request);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }

        await context.Response.WriteAsync(reply.Body);
    }

    private static SquareTestReply? Validate(HttpRequest request, string body)
    {
        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            return Refuse(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized.");
        }

        if (request.Headers["Square-Version"].ToString() != Version)
        {
            return Refuse(400, "INVALID_REQUEST_ERROR", "INVALID_SQUARE_VERSION_FORMAT", $"Square-Version '{request.Headers["Square-Version"]}'");
        }

        if (!request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
        {
            return Refuse(400, "INVALID_REQUEST_ERROR", "BAD_REQUEST", "Accept must be application/json");
        }

        if (request.Method == HttpMethods.Post)
        {
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return Refuse(400, "INVALID_REQUEST_ERROR", "BAD_REQUEST", "Content-Type must be application/json");
            }

            try
            {
                using var _ = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                return Refuse(400, "INVALID_REQUEST_ERROR", "BAD_REQUEST", "body is not JSON");
            }
        }

        return null;
    }
}
