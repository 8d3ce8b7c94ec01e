namespace Connector.Leat.Dispatch;

/// <summary>What a dispatch did. <see cref="Drift"/> is true when a succeeded key was asked again with a different payload.</summary>
public sealed record DispatchResult(
    string Kind,
    string ExternalId,
    DispatchOutcome Outcome,
    string? LeatUuid = null,
    long? Points = null,
    long? NewBalance = null,
    string? Reason = null,
    bool Drift = false,
    IReadOnlyList<ReturnCap>? Caps = null);
