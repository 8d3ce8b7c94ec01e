using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Connector.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// The process's NewStore access token (OAuth2 client credentials against the identity service), cached until
/// shortly before it expires (<see cref="NewStoreClientOptions.TokenRefreshMargin"/>). One request for a token is in
/// flight at a time: every caller that finds no usable token waits for the same request, so 50 calls on a cold cache
/// cost one token request, and 50 calls refused with the same expired token cost one refresh (<see cref="SingleFlightToken"/>).
/// </summary>
internal sealed class NewStoreTokenSource(
    IServiceProvider services,
    IOptionsMonitor<NewStoreOptions> options,
    IOptions<NewStoreClientOptions> clientOptions,
    ILogger<NewStoreClient> logger,
    TimeProvider time)
{
    private SingleFlightToken? token;

    // Made on first use (its fetch is an instance method); one instance wins even when two threads race here.
    private SingleFlightToken Token => LazyInitializer.EnsureInitialized(ref token, () => new SingleFlightToken(FetchAsync, time, TimeSpan.Zero));

    /// <summary>A token to send: the cached one while it is fresh, otherwise a new one.</summary>
    public Task<string> GetAsync(CancellationToken cancellationToken) => Token.GetAsync(cancellationToken);

    /// <summary>
    /// A token other than <paramref name="rejected"/>, which NewStore refused: a newer cached one if another caller
    /// already refreshed, otherwise a new one.
    /// </summary>
    public Task<string> RenewAsync(string rejected, CancellationToken cancellationToken) => Token.RenewAsync(rejected, cancellationToken);

    private async Task<IssuedToken> FetchAsync()
    {
        var settings = options.CurrentValue;
        var tenant = settings.Tenant ?? "";
        var clientId = settings.ClientId ?? "";
        var secret = settings.ClientSecret ?? "";
        if (tenant.Length == 0 || clientId.Length == 0 || secret.Length == 0)
        {
            throw new NewStoreApiException(null, null, "NewStore:Tenant, NewStore:ClientId and NewStore:ClientSecret must be set to request an access token.", isTransient: false);
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        };
        var requestedAt = time.GetUtcNow();
        IApiResponse<NewStoreToken> response;
        try
        {
            response = await services.GetRequiredService<INewStoreIdentityApi>().RequestTokenAsync(tenant, form, CancellationToken.None);
        }
        catch (Exception e)
        {
            throw NoAnswer(e);
        }

        using (response)
        {
            if (response.Error is ApiRequestException notSent)
            {
                throw NoAnswer(notSent);
            }

            var status = (int)(response.StatusCode ?? 0);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused(status, response.ReasonPhrase, (response.Error as ApiException)?.Content ?? "", RetryAfter.ToDelay(response.Headers?.RetryAfter, time.GetUtcNow()), settings);
            }

            if (response.Error is not null || response.Content is not { AccessToken: { Length: > 0 } value } answer)
            {
                throw new NewStoreApiException(status, null, "the identity service's token answer has no access_token.", isTransient: false);
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(0, answer.ExpiresIn ?? 0));
            var issued = new IssuedToken(value, IssuedToken.Renewal(requestedAt, lifetime, clientOptions.Value.TokenRefreshMargin));
            NewStoreClientLog.TokenIssued(logger, (long)lifetime.TotalSeconds, (long)(issued.RefreshAt - requestedAt).TotalSeconds);
            return issued;
        }
    }

    /// <summary>
    /// The identity service's refusal. 400/401 mean the credentials were refused (Keycloak answers
    /// <c>invalid_client</c> or <c>unauthorized_client</c>); 404 an unknown realm, i.e. tenant. Both are permanent. The
    /// text names the client id, never the secret.
    /// </summary>
    private NewStoreApiException Refused(int status, string? reasonPhrase, string body, TimeSpan? retryAfter, NewStoreOptions settings)
    {
        NewStoreIdentityError? error = null;
        try
        {
            error = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, NewStoreJsonContext.Default.NewStoreIdentityError);
        }
        catch (JsonException)
        {
            // Not Keycloak's shape (a proxy page): the status line says what there is.
        }

        var said = error?.Error is { } code
            ? error.ErrorDescription is { Length: > 0 } text ? $"{code}: {text}" : code
            : string.IsNullOrWhiteSpace(reasonPhrase) ? $"HTTP {status}" : $"HTTP {status} {reasonPhrase}";
        var description = status switch
        {
            400 or 401 => $"the identity service refused the client credentials of API client '{settings.ClientId}' for tenant '{settings.Tenant}' ({said}); check NewStore:ClientId and NewStore:ClientSecret.",
            404 => $"the identity service at {settings.IdentityUrl} has no realm for tenant '{settings.Tenant}' ({said}); check NewStore:Tenant and NewStore:IdentityUrl.",
            _ => $"the identity service refused a token request ({said}).",
        };

        // Belt and braces: whatever the identity service echoed, the secret does not leave this method.
        if (settings.ClientSecret is { Length: > 0 } secret)
        {
            description = description.Replace(secret, "***", StringComparison.Ordinal);
        }

        var transient = NewStoreApiException.IsTransientStatus(status);
        NewStoreClientLog.TokenRefused(logger, $"{status}: {said}");
        return new NewStoreApiException(status, error?.Error, description, isTransient: transient, retryAfter: retryAfter);
    }

    private NewStoreApiException NoAnswer(Exception failure)
    {
        var cause = failure is ApiRequestException { InnerException: { } inner } ? inner : failure;
        if (cause is NewStoreApiException or ArgumentException or InvalidOperationException)
        {
            ExceptionDispatchInfo.Throw(cause);
        }

        var reason = cause is TimeoutRejectedException timedOut
            ? $"no answer within {timedOut.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({(timedOut.Timeout == clientOptions.Value.TotalTimeout ? "NewStore:Client:TotalTimeout" : "NewStore:Client:Timeout")})"
            : cause.Message;
        return new NewStoreApiException(null, null, $"token request to the identity service: {reason}", isTransient: true, innerException: cause);
    }
}
