using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;access token&gt;</c>, the pinned <c>Square-Version</c> and
/// <c>Accept: application/json</c> to every Square request, reading the options per request so a rotated token is
/// picked up without a restart.
/// </summary>
public sealed class SquareAuthHandler(IOptionsMonitor<SquareOptions> options) : DelegatingHandler
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(current.AccessToken))
        {
            throw new SquareApiException(null, null, "no Square access token is configured (Square:AccessToken).", isTransient: false);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.AccessToken);
        request.Headers.Remove("Square-Version");
        request.Headers.TryAddWithoutValidation("Square-Version", current.Version);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(Json);
        return base.SendAsync(request, cancellationToken);
    }
}
