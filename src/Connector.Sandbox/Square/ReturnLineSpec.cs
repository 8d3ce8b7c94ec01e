namespace Connector.Sandbox.Square;

/// <summary>One returned line: linked by the sale line's uid, or (unlinked returns) described by name and price.</summary>
/// <param name="SourceLineUid">The sale line's <c>uid</c>; null for a line of an unlinked return.</param>
/// <param name="Quantity">Returned quantity (fractional allowed); money follows the sale line pro rata.</param>
/// <param name="Name">Name of an unlinked line.</param>
/// <param name="BasePrice">Unit price of an unlinked line, in minor units.</param>
public sealed record ReturnLineSpec(string? SourceLineUid, decimal Quantity, string? Name = null, long? BasePrice = null);
