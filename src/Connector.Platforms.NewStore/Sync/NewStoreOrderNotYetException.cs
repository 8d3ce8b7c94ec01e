namespace Connector.Platforms.NewStore.Sync;

/// <summary>
/// A return or appeasement needs its order, no <c>order.opened</c> was stored and NewStore's GraphQL does not know the
/// order yet (it lags the event stream): transient, the job engine retries with its back-off.
/// </summary>
public sealed class NewStoreOrderNotYetException(string orderId)
    : Exception($"NewStore order {orderId} is needed for its return, but no order.opened was received and NewStore's GraphQL does not know it yet (it lags the event stream); trying again later.");
