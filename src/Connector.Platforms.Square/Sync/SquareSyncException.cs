namespace Connector.Platforms.Square.Sync;

/// <summary>Square holds nothing that can be sent for this object (it does not exist, or lacks what the sync needs): permanent.</summary>
public sealed class SquareSyncException(string message) : Exception(message);
