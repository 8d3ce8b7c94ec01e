using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// Logs every attempt of a NewStore call (it sits inside the resilience handler, on the API and the identity client):
/// method, path without query, status, duration and NewStore's <c>error_code</c> when it refused. Headers and bodies
/// are never logged: they carry the token, the client secret (token form) and the event-stream api_key
/// (integrations).
/// </summary>
internal sealed class NewStoreClientLogHandler(ILogger<NewStoreClient> logger, TimeProvider time) : DelegatingHandler
{
    /// <summary>What logs show of <paramref name="request"/>'s path: from <c>api/</c> or <c>auth/</c> on, no query.</summary>
    public static string LogPath(HttpRequestMessage? request)
    {
        var path = request?.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request?.RequestUri?.OriginalString.Split('?')[0] ?? "?";
        foreach (var root in (ReadOnlySpan<string>)["/api/", "/auth/"])
        {
            var at = path.IndexOf(root, StringComparison.Ordinal);
            if (at >= 0)
            {
                return path[(at + 1)..];
            }
        }

        return path.TrimStart('/');
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
            NewStoreClientLog.NoAnswer(logger, method, path, Elapsed(started), e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            NewStoreClientLog.NoAnswer(logger, method, path, Elapsed(started), "cancelled (attempt timeout or caller)");
            throw;
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            NewStoreClientLog.Answered(logger, method, path, status, Elapsed(started));
            return response;
        }

        // Buffered, so Refit can still read the body for the exception.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        NewStoreClientLog.Failed(logger, method, path, status, ErrorCodeOf(body), Elapsed(started), NewStoreApiException.IsTransientStatus(status));
        return response;
    }

    /// <summary>NewStore's <c>error_code</c> or Keycloak's <c>error</c>: codes only, never the message (it may quote input).</summary>
    private static string ErrorCodeOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (ReadOnlySpan<string>)["error_code", "error"])
                {
                    if (json.RootElement.TryGetProperty(name, out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        return code.GetString()!;
                    }
                }
            }

            return "no error_code";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;
}
