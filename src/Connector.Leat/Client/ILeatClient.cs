using Connector.Leat.Model;

namespace Connector.Leat.Client;

/// <summary>
/// Leat's OAuth client API (<c>/api/v3/oauth/clients</c>). Every failure is a <see cref="LeatApiException"/> that says
/// whether it is transient and whether the request may have taken effect.
/// POSTs are never retried here: a retried create could award points twice, so the caller (dispatcher + job engine)
/// decides, after <see cref="FindOrderAsync"/>. Idempotent GETs are retried a little for transient errors.
/// </summary>
public interface ILeatClient
{
    /// <summary><c>POST /orders/create-and-process</c>: creates the order and runs the Order Action (e.g. awards points).</summary>
    Task<LeatOrderOutcome> CreateAndProcessOrderAsync(LeatOrderRequest order, CancellationToken ct);

    /// <summary><c>POST /orders</c>: creates the order without processing it.</summary>
    Task<LeatOrder> CreateOrderAsync(LeatOrderRequest order, CancellationToken ct);

    /// <summary><c>POST /orders/{uuid}/process</c>: runs the Order Action; null when Leat returns no result.</summary>
    Task<LeatResult?> ProcessOrderAsync(string orderUuid, CancellationToken ct);

    /// <summary><c>GET /orders/find?external_identifier=</c>; null when Leat answers 404.</summary>
    Task<LeatOrder?> FindOrderAsync(string externalIdentifier, CancellationToken ct);

    /// <summary><c>PUT /orders/{uuid}</c> with status and/or payment status.</summary>
    Task<LeatOrder> UpdateOrderAsync(string orderUuid, LeatOrderUpdate update, CancellationToken ct);

    /// <summary><c>POST /orders/simulate</c>: what the Order Action would yield; nothing is stored.</summary>
    Task<LeatResult?> SimulateOrderAsync(LeatOrderRequest order, CancellationToken ct);

    /// <summary><c>POST /order-returns/create-and-process</c>: creates the return and reverses/corrects points.</summary>
    Task<LeatReturnOutcome> CreateAndProcessReturnAsync(LeatOrderReturnRequest orderReturn, CancellationToken ct);

    /// <summary><c>POST /order-returns</c>: creates the return without processing it.</summary>
    Task<LeatOrderReturn> CreateReturnAsync(LeatOrderReturnRequest orderReturn, CancellationToken ct);

    /// <summary><c>POST /order-returns/{uuid}/process</c>.</summary>
    Task<LeatResult?> ProcessReturnAsync(string returnUuid, CancellationToken ct);

    /// <summary><c>GET /contacts/find-or-create?email=</c>. Idempotent on Leat's side, so it is retried on transient errors.</summary>
    Task<LeatContact> FindOrCreateContactAsync(string email, CancellationToken ct);

    /// <summary><c>GET /shops</c> (business profiles).</summary>
    Task<IReadOnlyList<LeatShop>> ListShopsAsync(CancellationToken ct);

    /// <summary><c>GET /shops/{uuid}</c>; null when Leat answers 404.</summary>
    Task<LeatShop?> GetShopAsync(string shopUuid, CancellationToken ct);
}
