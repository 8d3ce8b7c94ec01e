namespace Connector.Core.Dashboard;

/// <summary>One row of the Leat dispatch ledger (<c>leat.dispatch</c>) as the dashboard shows it.</summary>
internal sealed record DispatchRow(
    long Id,
    string Kind,
    string ExternalId,
    string Platform,
    string? SourceId,
    string? OrderExternalId,
    string Status,
    int Attempts,
    string? Payload,
    string? LeatUuid,
    long? Points,
    long? NewBalance,
    string? Caps,
    DateTimeOffset? DriftAt,
    string? DriftPayload,
    string? LastError,
    string? SkipReason,
    string? Resolution,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
