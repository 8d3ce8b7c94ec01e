using Connector.Platforms.Square.Model;
using Refit;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// The Square endpoints the connector calls, as Refit builds them: paths, query and JSON bodies (System.Text.Json with
/// <see cref="SquareJsonContext"/>). <c>Authorization</c>, <c>Square-Version</c> and <c>Accept</c> come from
/// <see cref="SquareAuthHandler"/>, retries and timeouts from the resilience handler. Path ids must have passed
/// <see cref="SquarePathId.Check"/>; Refit escapes them once. Called only by <see cref="SquareClient"/>, which maps
/// failures to <see cref="SquareApiException"/>.
/// </summary>
internal interface ISquareApi
{
    /// <summary>The customer route, whose id is personal data: logs show it as a template (see <see cref="SquareClientLogHandler"/>).</summary>
    const string CustomerPath = "/v2/customers/{customer_id}";

    [Get("/v2/orders/{order_id}")]
    Task<SquareRetrieveOrderResponse?> RetrieveOrderAsync([AliasAs("order_id")] string orderId, CancellationToken ct);

    [Post("/v2/orders/batch-retrieve")]
    Task<SquareBatchRetrieveOrdersResponse?> BatchRetrieveOrdersAsync([Body] SquareBatchRetrieveOrdersRequest request, CancellationToken ct);

    [Post("/v2/orders/search")]
    Task<SquareSearchOrdersResponse?> SearchOrdersAsync([Body] SquareSearchOrdersRequest request, CancellationToken ct);

    [Get("/v2/refunds/{refund_id}")]
    Task<SquareGetPaymentRefundResponse?> GetPaymentRefundAsync([AliasAs("refund_id")] string refundId, CancellationToken ct);

    /// <summary>Times are RFC 3339 strings, formatted by the caller; a null parameter is left out of the query.</summary>
    [Get("/v2/refunds?sort_field=UPDATED_AT&sort_order=ASC")]
    Task<SquareListPaymentRefundsResponse?> ListPaymentRefundsAsync(
        [AliasAs("updated_at_begin_time")] string updatedAtBeginTime,
        [AliasAs("begin_time")] string beginTime,
        [AliasAs("updated_at_end_time")] string? updatedAtEndTime,
        [AliasAs("end_time")] string? endTime,
        [AliasAs("location_id")] string? locationId,
        [AliasAs("limit")] int? limit,
        [AliasAs("cursor")] string? cursor,
        CancellationToken ct);

    [Get(CustomerPath)]
    Task<SquareRetrieveCustomerResponse?> RetrieveCustomerAsync([AliasAs("customer_id")] string customerId, CancellationToken ct);
}
