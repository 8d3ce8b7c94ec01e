using Refit;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// NewStore's REST/GraphQL host as Refit builds the requests. Every method answers an <see cref="IApiResponse"/> rather
/// than throwing, so one function in <see cref="NewStoreClient"/> maps every outcome. <c>Authorization</c> comes from
/// <see cref="NewStoreAuthHandler"/>, retries and timeouts from the resilience handler.
/// </summary>
internal interface INewStoreApi
{
    const string QueryPath = "/api/v1/org/data/query";
    const string EventStreamPath = "/api/v1/org/integrations/eventstream";

    [Post(QueryPath)]
    Task<IApiResponse<NewStoreGraphQLResponse<NewStoreGraphQLOrderData>>> QueryOrderAsync([Body] NewStoreGraphQLRequest request, CancellationToken ct);

    [Get(EventStreamPath)]
    Task<IApiResponse<NewStoreIntegrationList>> ListIntegrationsAsync(CancellationToken ct);

    [Get(EventStreamPath + "/{id}")]
    Task<IApiResponse<NewStoreIntegration>> GetIntegrationAsync(string id, CancellationToken ct);

    [Post(EventStreamPath)]
    Task<IApiResponse> RegisterIntegrationAsync([Body] NewStoreIntegration integration, CancellationToken ct);

    [Patch(EventStreamPath + "/{id}")]
    Task<IApiResponse> UpdateIntegrationAsync(string id, [Body] NewStoreIntegrationUpdate update, CancellationToken ct);

    [Post(EventStreamPath + "/{id}/_start")]
    Task<IApiResponse> StartIntegrationAsync(string id, CancellationToken ct);

    [Post(EventStreamPath + "/{id}/_stop")]
    Task<IApiResponse> StopIntegrationAsync(string id, CancellationToken ct);

    [Delete(EventStreamPath + "/{id}")]
    Task<IApiResponse> DeleteIntegrationAsync(string id, CancellationToken ct);
}
