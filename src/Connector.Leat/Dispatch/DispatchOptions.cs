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
    /// How long a dispatch stays claimed by one worker. Longer than the Leat request timeout, so a live
    /// call is never taken over; a crashed worker's claim is taken over after it (the taker checks Leat first).
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When another worker holds the claim, how long the caller should wait before trying again.</summary>
    public TimeSpan InProgressRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
