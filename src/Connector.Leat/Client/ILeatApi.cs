using System.Text.Json;
using Connector.Leat.Model;
using Refit;

namespace Connector.Leat.Client;

/// <summary>
/// Leat's OAuth client API (<c>/api/v3/oauth/clients</c>) as Refit builds the requests: one method per endpoint
/// <see cref="LeatClient"/> calls. Every method answers an <see cref="IApiResponse{T}"/> rather than throwing, so that
/// one function in <see cref="LeatClient"/> maps every outcome (success, Leat's error, 404 as "not there", a body that
/// cannot be read, no answer at all). Path and query values are escaped by Refit. Auth, rate limit, retries and
/// timeouts are the handlers' (see <c>LeatServiceCollectionExtensions</c>).
/// </summary>
internal interface ILeatApi
{
    [Post("/orders/create-and-process")]
    Task<IApiResponse<LeatData<LeatOrderOutcome>>> CreateAndProcessOrderAsync([Body] LeatOrderRequest order, CancellationToken ct);

    [Post("/orders")]
    Task<IApiResponse<LeatData<LeatOrder>>> CreateOrderAsync([Body] LeatOrderRequest order, CancellationToken ct);

    /// <summary>The result comes as <c>{data: {type, data}}</c> or <c>{data: {result: …}}</c>; see <see cref="LeatClient"/>.</summary>
    [Post("/orders/{uuid}/process")]
    Task<IApiResponse<LeatData<JsonElement>>> ProcessOrderAsync(string uuid, CancellationToken ct);

    [Get("/orders/find")]
    Task<IApiResponse<LeatData<LeatOrder>>> FindOrderAsync([AliasAs("external_identifier")] string externalIdentifier, CancellationToken ct);

    [Put("/orders/{uuid}")]
    Task<IApiResponse<LeatData<LeatOrder>>> UpdateOrderAsync(string uuid, [Body] LeatOrderUpdate update, CancellationToken ct);

    [Post("/orders/simulate")]
    Task<IApiResponse<LeatData<JsonElement>>> SimulateOrderAsync([Body] LeatOrderRequest order, CancellationToken ct);

    [Post("/order-returns/create-and-process")]
    Task<IApiResponse<LeatData<LeatReturnOutcome>>> CreateAndProcessReturnAsync([Body] LeatOrderReturnRequest orderReturn, CancellationToken ct);

    [Post("/order-returns")]
    Task<IApiResponse<LeatData<LeatOrderReturn>>> CreateReturnAsync([Body] LeatOrderReturnRequest orderReturn, CancellationToken ct);

    [Post("/order-returns/{uuid}/process")]
    Task<IApiResponse<LeatData<JsonElement>>> ProcessReturnAsync(string uuid, CancellationToken ct);

    [Get("/contacts/find-or-create")]
    Task<IApiResponse<LeatData<LeatContact>>> FindOrCreateContactAsync(string email, CancellationToken ct);

    [Get("/shops")]
    Task<IApiResponse<LeatData<IReadOnlyList<LeatShop>>>> ListShopsAsync(CancellationToken ct);

    [Get("/shops/{uuid}")]
    Task<IApiResponse<LeatData<LeatShop>>> GetShopAsync(string uuid, CancellationToken ct);
}
