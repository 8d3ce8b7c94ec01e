using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>One event from the inbox, as a job reads it.</summary>
public sealed record NewStoreStoredEvent(string EventId, DateTimeOffset ReceivedAt, NewStoreEvent Event);
