namespace Connector.Leat.Dispatch;

/// <summary>How the dispatcher treats contacts and in-flight claims; bound from <c>Leat:Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Leat:Dispatch";

    /// <summary>What to do with an order whose customer has no email address.</summary>
    public MissingEmailPolicy MissingEmail { get; set; } = MissingEmailPolicy.Skip;

    /// <summary>The Leat contact uuid orders without an email are booked on when <see cref="MissingEmail"/> is <c>Fallback</c>.</summary>
    public string? FallbackContactUuid { get; set; }

    /// <summary>
    /// The hard upper bound on how long a dispatch stays claimed by one worker. Longer than the Leat request
    /// timeout, so a live call is never taken over by expiry; a claim whose owner is known dead (see
    /// <see cref="OwnerTimeout"/>) is taken over sooner (the taker checks Leat first either way).
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When another worker holds the claim, the longest the caller is told to wait before trying again.</summary>
    public TimeSpan InProgressRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often this process refreshes its row in <c>leat.dispatch_owner</c>, the proof its claims are live.</summary>
    public TimeSpan OwnerHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A claim whose owner has not refreshed its heartbeat for this long (or has no row) is taken over at once.
    /// More than twice <see cref="OwnerHeartbeatInterval"/>, so one late beat does not declare a live process
    /// dead, and less than <see cref="ClaimTimeout"/>, which stays the bound for claims with no known owner.
    /// </summary>
    public TimeSpan OwnerTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
