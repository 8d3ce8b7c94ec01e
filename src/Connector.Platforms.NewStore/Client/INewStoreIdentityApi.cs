using Refit;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// NewStore's identity service (Keycloak): the client-credentials token request, form-encoded. Called only by
/// <see cref="NewStoreTokenSource"/>. The form holds the client secret: no handler logs bodies.
/// </summary>
internal interface INewStoreIdentityApi
{
    const string TokenPath = "/auth/realms/{tenant}/protocol/openid-connect/token";

    [Post(TokenPath)]
    [Headers("Accept: application/json")]
    Task<IApiResponse<NewStoreToken>> RequestTokenAsync(string tenant, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken ct);
}
