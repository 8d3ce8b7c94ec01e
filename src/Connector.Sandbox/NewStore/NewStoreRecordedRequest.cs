namespace Connector.Sandbox.NewStore;

/// <summary>A request the simulator answered (no bodies: they carry tokens and secrets).</summary>
public sealed record NewStoreRecordedRequest(string Method, string Path, bool HadAuthorization, int Status, DateTimeOffset At);
