using System.Net;
using System.Text.Json;
using Connector.Platforms.Square.Model;
using Microsoft.Extensions.Logging;
using Refit;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// Logs every attempt of a Square call (it sits inside the resilience handler): method, path without query, status,
/// duration, and Square's error codes when it refused. The path of a customer call is logged as a template, since a
/// customer id is personal data the logs do not need; the token never reaches a log.
/// </summary>
internal sealed class SquareClientLogHandler(ILogger<SquareClient> logger, TimeProvider time) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<string> TemplateKey = new(HttpRequestMessageOptions.RelativePathTemplate);

    /// <summary>What logs show of <paramref name="request"/>'s path: relative to the base address, no query, no customer id.</summary>
    public static string LogPath(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return "?";
        }

        if (request.Options.TryGetValue(TemplateKey, out var template) && template == ISquareApi.CustomerPath)
        {
            return "v2/customers/{id}";
        }

        // Square's paths all start with v2/; whatever prefix the configured base URL has is left out.
        var path = request.RequestUri?.AbsolutePath ?? "?";
        var v2 = path.IndexOf("/v2/", StringComparison.Ordinal);
        return v2 >= 0 ? path[(v2 + 1)..] : path.TrimStart('/');
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var path = LogPath(request);
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            SquareClientLog.NoAnswer(logger, method, path, Elapsed(started), e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            // The attempt timeout and the caller cancelling look alike from in here; SquareClient tells them apart.
            SquareClientLog.NoAnswer(logger, method, path, Elapsed(started), "cancelled (attempt timeout or caller)");
            throw;
        }

        var status = (int)response.StatusCode;
        var deletedCustomer = response.StatusCode == HttpStatusCode.NotFound && path == "v2/customers/{id}";
        if (response.IsSuccessStatusCode || deletedCustomer)
        {
            SquareClientLog.Answered(logger, method, path, status, Elapsed(started));
            return response;
        }

        // Buffered, so Refit can still read the body for the exception.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        SquareClientLog.Failed(logger, method, path, status, SquareClient.Codes(ErrorsOf(body)), Elapsed(started), SquareApiException.IsTransientStatus(status));
        return response;
    }

    private static IReadOnlyList<SquareError> ErrorsOf(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? [] : JsonSerializer.Deserialize(body, SquareJsonContext.Default.SquareErrorResponse)?.Errors ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;
}
