using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Sandbox.NewStore;

/// <summary>Configuration of a <see cref="NewStoreSimulator"/>.</summary>
public sealed class NewStoreSimulatorOptions
{
    /// <summary>The tenant (Keycloak realm, event envelope <c>tenant</c>, GraphQL <c>tenant</c> argument).</summary>
    public string Tenant { get; init; } = "leat-sandbox";

    /// <summary>The one API client the identity server knows.</summary>
    public string ClientId { get; init; } = "leat-connector";

    /// <summary>That client's secret.</summary>
    public string ClientSecret { get; init; } = "sandbox-newstore-secret";

    /// <summary>Lifetime of an issued access token (NewStore sets it per API client).</summary>
    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long after its <c>order.opened</c> was first published an order becomes visible to GraphQL (the data store lags the stream).</summary>
    public TimeSpan GraphQlLag { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most integrations a tenant may have, temporary and stopped ones included.</summary>
    public int MaxIntegrations { get; init; } = 25;

    /// <summary>Share of deliveries (0–1) sent twice (the stream is at-least-once).</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Deliver each batch of due events in a shuffled order (the stream guarantees no order).</summary>
    public bool ShuffleEvents { get; init; }

    /// <summary>Share of deliveries (0–1) held back by up to <see cref="MaxLateDelay"/>.</summary>
    public double LateRate { get; init; }

    /// <summary>Longest hold of a late delivery.</summary>
    public TimeSpan MaxLateDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after a non-2xx answer (or no answer) a delivery is tried again.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts after which an event that was never accepted is given up as rejected (NOM lists such events).</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>Deliver due events in the background (every <see cref="DeliveryInterval"/>); otherwise only <see cref="NewStoreSimulator.FlushEventsAsync"/> sends them.</summary>
    public bool AutoDeliver { get; init; }

    /// <summary>Tick of the background sender.</summary>
    public TimeSpan DeliveryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of ids, duplicates, delays and shuffles, so a run can be replayed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Return fee deducted when a return names none (NewStore's <c>return_fee</c> configuration), in minor units.</summary>
    public long ConfiguredReturnFee { get; init; }

    /// <summary>NewStore's <c>refund_shipping_cost</c>: shipping is refunded with the return that returns the last item.</summary>
    public bool RefundShippingCost { get; init; } = true;

    /// <summary>How many requests and deliveries are kept for inspection; the oldest go first.</summary>
    public int MaxRecorded { get; init; } = 10_000;

    /// <summary>Clock for tokens, lag, publication times and delivery schedules.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where failed deliveries are logged.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
