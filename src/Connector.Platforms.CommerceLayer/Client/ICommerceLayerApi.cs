using Refit;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary>
/// Commerce Layer's Core API as Refit sees it. Answers stay raw (<see cref="HttpResponseMessage"/>): JSON:API documents
/// are read by <see cref="CommerceLayerDocument"/>, which resolves <c>included</c>. Query keys such as
/// <c>filter[q][updated_at_gteq]</c> go out percent-encoded, as Commerce Layer asks.
/// </summary>
internal interface ICommerceLayerApi
{
    [Get("/api/orders/{id}")]
    Task<HttpResponseMessage> GetOrderAsync(string id, [Query] IDictionary<string, string> query, CancellationToken cancellationToken);

    [Get("/api/returns/{id}")]
    Task<HttpResponseMessage> GetReturnAsync(string id, [Query] IDictionary<string, string> query, CancellationToken cancellationToken);

    [Get("/api/refunds/{id}")]
    Task<HttpResponseMessage> GetRefundAsync(string id, [Query] IDictionary<string, string> query, CancellationToken cancellationToken);

    [Get("/api/orders")]
    Task<HttpResponseMessage> ListOrdersAsync([Query] IDictionary<string, string> query, CancellationToken cancellationToken);

    [Get("/api/returns")]
    Task<HttpResponseMessage> ListReturnsAsync([Query] IDictionary<string, string> query, CancellationToken cancellationToken);

    [Get("/api/webhooks")]
    Task<HttpResponseMessage> ListWebhooksAsync([Query] IDictionary<string, string> query, CancellationToken cancellationToken);

    [Post("/api/webhooks")]
    Task<HttpResponseMessage> CreateWebhookAsync([Body] HttpContent body, CancellationToken cancellationToken);
}

/// <summary>The token endpoint (<c>{AuthUrl}/oauth/token</c>, plain JSON).</summary>
internal interface ICommerceLayerAuthApi
{
    [Post("/oauth/token")]
    Task<HttpResponseMessage> RequestTokenAsync([Body] HttpContent body, CancellationToken cancellationToken);
}
