namespace Connector.Jobs.Admin;

/// <summary>An engine instance and its heartbeat; <see cref="Live"/> when the heartbeat is recent.</summary>
public sealed record ServerInfo(
    string Id,
    string Host,
    int Workers,
    IReadOnlyList<string> Queues,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    bool Live);
