using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Client;

/// <summary>One page of a search. <paramref name="Cursor"/> is null on the last page; pass it back unchanged with the same query.</summary>
public sealed record SquareOrdersPage(IReadOnlyList<SquareOrder> Orders, string? Cursor);
