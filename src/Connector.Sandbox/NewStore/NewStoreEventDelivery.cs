namespace Connector.Sandbox.NewStore;

/// <summary>One delivery attempt of an event to an integration's callback; <see cref="Status"/> 0 = no answer; <see cref="SentApiKey"/>: the integration's api key went as bearer (the key itself is not kept).</summary>
public sealed record NewStoreEventDelivery(string IntegrationId, long Sequence, string Name, int Attempt, int Status, DateTimeOffset At, bool SentApiKey);
