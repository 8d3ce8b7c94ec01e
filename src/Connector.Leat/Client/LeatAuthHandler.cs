using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Connector.Leat.Client;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;personal access token&gt;</c> and <c>Accept: application/json</c>. It is the
/// innermost handler, so it also marks the request as handed to the network: from then on a missing answer means the
/// request may have taken effect.
/// </summary>
public sealed class LeatAuthHandler(IOptionsMonitor<LeatOptions> options) : DelegatingHandler
{
    /// <summary>Set on a request once it leaves for the network (past the rate limiter).</summary>
    public static readonly HttpRequestOptionsKey<bool> SentKey = new("Connector.Leat.Sent");

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = options.CurrentValue.ApiToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new LeatApiException(
                null, null, "No Leat personal access token is configured (Leat:ApiToken).", isTransient: false, mayHaveTakenEffect: false);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(Json);
        request.Options.Set(SentKey, true);
        return base.SendAsync(request, cancellationToken);
    }
}
