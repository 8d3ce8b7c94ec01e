namespace Connector.Sandbox.Square;

/// <summary>A seller location the simulator knows; orders and refunds belong to one.</summary>
/// <param name="Id">Square location id, e.g. <c>LSANDBOX1</c>.</param>
/// <param name="Name">Display name.</param>
public sealed record SquareLocation(string Id, string Name);
