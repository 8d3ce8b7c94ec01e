using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;access token&gt;</c> (from <see cref="NewStoreTokenSource"/>) and
/// <c>Accept: application/json</c>. NewStore answers an expired or otherwise invalid token with 403 and a JSON body
/// (not 401): then the token is renewed once and the request sent once more; a second 403 goes back to the caller.
/// A 403 whose body is not JSON is NewStore's IP block (rate limit) — a new token would not help, so it is returned
/// as it is. Sits inside the resilience handler, so each retried attempt gets a current token.
/// </summary>
internal sealed class NewStoreAuthHandler(NewStoreTokenSource tokens, ILogger<NewStoreClient> logger) : DelegatingHandler
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(Json);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Forbidden || !await IsJsonAsync(response, cancellationToken))
        {
            return response;
        }

        // A 403 means NewStore did nothing, so sending again is safe for every method; the body is buffered bytes.
        NewStoreClientLog.TokenRejected(logger, request.Method.Method, NewStoreClientLogHandler.LogPath(request));
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.RenewAsync(token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Whether a 403 is an authorization answer (JSON) rather than the IP block's plain page.</summary>
    internal static async Task<bool> IsJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return IsJson(body);
    }

    internal static bool IsJson(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
