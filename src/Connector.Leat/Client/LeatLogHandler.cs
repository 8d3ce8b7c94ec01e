using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Leat.Client;

/// <summary>
/// Logs each attempt's answer (method, path without its query string — queries carry customer e-mails — status,
/// milliseconds) and, behind <see cref="LeatOptions.LogBodies"/>, the bodies at Debug. It sits inside the resilience
/// handler, so every attempt of a retried GET is logged, and it reads the whole answer body within the attempt, so
/// <c>Leat:Timeout</c> covers the body as well as the headers. Attempts without an answer are logged by
/// <see cref="LeatClient"/>, which can tell a timeout from the caller cancelling.
/// </summary>
internal sealed class LeatLogHandler(IOptionsMonitor<LeatOptions> options, ILogger<LeatClient> logger, TimeProvider time) : DelegatingHandler
{
    private const string ApiPath = "/api/v3/oauth/clients/";

    /// <summary>The request's path below the API root, without the query string.</summary>
    public static string LogPath(HttpRequestMessage? request)
    {
        var path = request?.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request?.RequestUri?.OriginalString.Split('?')[0] ?? "?";
        var root = path.IndexOf(ApiPath, StringComparison.Ordinal);
        return root >= 0 ? path[(root + ApiPath.Length)..] : path.TrimStart('/');
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var path = LogPath(request);
        var logBodies = options.CurrentValue.LogBodies && logger.IsEnabled(LogLevel.Debug);
        if (logBodies && request.Content is { } content)
        {
            LeatLog.RequestBody(logger, method, path, await content.ReadAsStringAsync(cancellationToken));
        }

        var started = time.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken);
        string? body = null;
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            if (logBodies || !response.IsSuccessStatusCode)
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }

        var status = (int)response.StatusCode;
        var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (logBodies)
        {
            LeatLog.ResponseBody(logger, method, path, body!);
        }

        // A GET's 404 is Leat saying "not there" (orders/find, shops/{uuid}), an answer rather than a failure.
        if (response.IsSuccessStatusCode || (status == 404 && request.Method == HttpMethod.Get))
        {
            LeatLog.Answered(logger, method, path, status, elapsed);
        }
        else
        {
            var error = LeatClient.ToException(status, response.ReasonPhrase, body ?? "", retryAfter: null);
            LeatLog.Failed(logger, method, path, status, error.LeatCode, elapsed, error.IsTransient);
        }

        return response;
    }
}
