namespace Connector.Sandbox.NewStore;

/// <summary>An event as published to the stream: its envelope JSON is fixed at publication.</summary>
public sealed record NewStorePublishedEvent(long Sequence, string Name, string EntityId, DateTimeOffset PublishedAt, string Body);
