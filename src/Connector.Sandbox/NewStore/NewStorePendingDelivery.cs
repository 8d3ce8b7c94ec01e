namespace Connector.Sandbox.NewStore;

/// <summary>An event waiting to be sent to one integration, not before <see cref="DueAt"/>.</summary>
internal sealed record NewStorePendingDelivery(string IntegrationId, NewStorePublishedEvent Event, DateTimeOffset DueAt, int Attempt);
