using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Connector.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary>
/// The process's Commerce Layer access token (client credentials at <c>{AuthUrl}/oauth/token</c>), cached until
/// <see cref="CommerceLayerClientOptions.TokenRefreshMargin"/> before it expires. One token request is in flight at a
/// time — 50 calls on a cold cache, or 50 calls refused with the same expired token, cost one — and two requests are
/// at least <see cref="CommerceLayerClientOptions.TokenMinInterval"/> apart, far under the endpoint's 30 a minute.
/// </summary>
internal sealed partial class CommerceLayerTokenSource(
    IServiceProvider services,
    IOptionsMonitor<CommerceLayerOptions> options,
    IOptions<CommerceLayerClientOptions> clientOptions,
    ILogger<CommerceLayerClient> logger,
    TimeProvider time)
{
    private readonly SingleFlightToken _token = new(() => FetchAsync(services, options.CurrentValue, clientOptions.Value, logger, time), time, clientOptions.Value.TokenMinInterval);

    /// <summary>The cached token while it is fresh, otherwise a new one.</summary>
    public Task<string> GetAsync(CancellationToken cancellationToken) => _token.GetAsync(cancellationToken);

    /// <summary>A token other than <paramref name="rejected"/> (Commerce Layer answered 401 to it).</summary>
    public Task<string> RenewAsync(string rejected, CancellationToken cancellationToken) => _token.RenewAsync(rejected, cancellationToken);

    private static async Task<IssuedToken> FetchAsync(
        IServiceProvider services, CommerceLayerOptions settings, CommerceLayerClientOptions clientOptions, ILogger logger, TimeProvider time)
    {
        if (string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.ClientSecret))
        {
            throw new CommerceLayerApiException(null, "CommerceLayer:ClientId and CommerceLayer:ClientSecret must be set to request an access token.");
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
        });
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        var requestedAt = time.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await services.GetRequiredService<ICommerceLayerAuthApi>().RequestTokenAsync(content, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new CommerceLayerApiException(null, $"Commerce Layer's token endpoint {settings.AuthUrl} did not answer ({e.GetType().Name}).", inner: e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                var (code, detail) = CommerceLayerClient.FirstError(text);
                var said = Redact(detail ?? $"HTTP {(int)response.StatusCode}", settings.ClientSecret);
                throw new CommerceLayerApiException(response.StatusCode, response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                    ? $"Commerce Layer refused the client credentials of '{settings.ClientId}' ({said}); check CommerceLayer:ClientId and CommerceLayer:ClientSecret (integration API credentials)."
                    : $"Commerce Layer's token endpoint answered {(int)response.StatusCode} ({said}).", code);
            }

            string? value = null;
            long expiresIn = 0;
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                value = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) ? seconds : 0;
            }
            catch (JsonException)
            {
                // handled below
            }

            if (string.IsNullOrEmpty(value))
            {
                throw new CommerceLayerApiException(response.StatusCode, "Commerce Layer's token answer has no access_token.");
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(0, expiresIn));
            var issued = new IssuedToken(value, IssuedToken.Renewal(requestedAt, lifetime, clientOptions.TokenRefreshMargin));
            LogTokenIssued(logger, (long)lifetime.TotalSeconds, (long)(issued.RefreshAt - requestedAt).TotalSeconds);
            return issued;
        }
    }

    private static string Redact(string text, string secret) => text.Replace(secret, "***", StringComparison.Ordinal);

    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "Commerce Layer access token issued: valid {Lifetime} s, reused for {Reuse} s")]
    private static partial void LogTokenIssued(ILogger logger, long lifetime, long reuse);
}

/// <summary>
/// Adds the bearer token and <c>Accept: application/vnd.api+json</c>. A 401 means the token was refused (expired or
/// revoked) and Commerce Layer did nothing: the token is renewed once and the request sent once more.
/// </summary>
internal sealed partial class CommerceLayerAuthHandler(CommerceLayerTokenSource tokens, ILogger<CommerceLayerClient> logger) : DelegatingHandler
{
    public const string JsonApi = "application/vnd.api+json";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonApi));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        LogTokenRefused(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?");
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.RenewAsync(token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Commerce Layer refused the access token on {Method} {Path}; renewing it and sending once more")]
    private static partial void LogTokenRefused(ILogger logger, string method, string path);
}
