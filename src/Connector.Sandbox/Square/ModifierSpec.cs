namespace Connector.Sandbox.Square;

/// <summary>A modifier on a line (e.g. "Extra shot").</summary>
/// <param name="Name">Modifier name.</param>
/// <param name="BasePrice">Price per unit of the line, in minor units.</param>
/// <param name="Quantity">Modifier quantity per line unit.</param>
/// <param name="CatalogObjectId">Catalog modifier id, if any.</param>
public sealed record ModifierSpec(string Name, long BasePrice, decimal Quantity = 1m, string? CatalogObjectId = null);
