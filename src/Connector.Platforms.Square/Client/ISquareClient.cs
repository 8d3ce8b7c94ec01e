using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// The Square reads the connector needs. Every call is a read or an idempotent search, so transient failures
/// (408, 429, 5xx, no answer) are retried inside; what still fails surfaces as <see cref="SquareApiException"/>.
/// </summary>
public interface ISquareClient
{
    /// <summary><c>GET /v2/orders/{order_id}</c>. A missing order is a <see cref="SquareApiException"/> with <see cref="SquareApiException.IsNotFound"/>.</summary>
    Task<SquareOrder> RetrieveOrderAsync(string orderId, CancellationToken ct = default);

    /// <summary>
    /// <c>POST /v2/orders/batch-retrieve</c>, split into calls of at most 100 ids (Square's limit); duplicate ids are
    /// asked for once. Unknown ids are silently absent from the result, as Square does.
    /// </summary>
    Task<IReadOnlyList<SquareOrder>> BatchRetrieveOrdersAsync(string? locationId, IEnumerable<string> orderIds, CancellationToken ct = default);

    /// <summary>
    /// One page of <c>POST /v2/orders/search</c>: orders whose <c>updated_at</c> lies in
    /// [<paramref name="updatedAfter"/>, <paramref name="updatedBefore"/>] (both inclusive; an open end means "until
    /// the first page was asked for"), sorted by <c>UPDATED_AT</c> ascending. More than 10 locations are searched in
    /// groups of 10, one group after the other; the returned cursor then also says which group comes next, so it
    /// is only valid with the same locations and time range. Sales, return orders and exchanges all come back.
    /// <c>limit</c> is the page size, 1–1000 (Square's default is 500).
    /// </summary>
    Task<SquareOrdersPage> SearchOrdersAsync(
        IReadOnlyList<string> locationIds,
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        string? cursor,
        int? limit = null,
        CancellationToken ct = default);

    /// <summary>
    /// All orders of <see cref="SearchOrdersAsync"/>, following cursors. Ordered by <c>updated_at</c> within a group of
    /// 10 locations only: a poller must not move its checkpoint to the last order seen before the enumeration ends.
    /// </summary>
    IAsyncEnumerable<SquareOrder> SearchAllOrdersAsync(
        IReadOnlyList<string> locationIds,
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        int? limit = null,
        CancellationToken ct = default);

    /// <summary><c>GET /v2/refunds/{refund_id}</c>. A missing refund is a <see cref="SquareApiException"/> with <see cref="SquareApiException.IsNotFound"/>.</summary>
    Task<SquarePaymentRefund> GetPaymentRefundAsync(string refundId, CancellationToken ct = default);

    /// <summary>
    /// One page of <c>GET /v2/refunds</c> filtered and sorted (ascending) by <b>update</b> time: a refund is created
    /// PENDING and completes later, and the completion is what the connector must not miss, so the filter is
    /// <c>updated_at_begin_time</c>/<c>updated_at_end_time</c> with <c>sort_field=UPDATED_AT</c>. Square also always
    /// applies its created-at range (<c>begin_time</c>, default "now − 1 year"), so <c>begin_time</c> is sent as one
    /// year before <paramref name="updatedAfter"/>: a backfill further back still works, and a refund is only missed
    /// if it was updated more than a year after it was created. <c>limit</c> is the page size, 1–100 (Square's default
    /// and maximum is 100).
    /// </summary>
    Task<SquareRefundsPage> ListPaymentRefundsAsync(
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        string? locationId,
        string? cursor,
        int? limit = null,
        CancellationToken ct = default);

    /// <summary>All refunds of <see cref="ListPaymentRefundsAsync"/>, following cursors.</summary>
    IAsyncEnumerable<SquarePaymentRefund> ListAllPaymentRefundsAsync(
        DateTimeOffset updatedAfter,
        DateTimeOffset? updatedBefore,
        string? locationId,
        CancellationToken ct = default);

    /// <summary><c>GET /v2/customers/{customer_id}</c>; null when Square answers 404 (deleted or merged profile).</summary>
    Task<SquareCustomer?> RetrieveCustomerAsync(string customerId, CancellationToken ct = default);
}
