using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>
/// The outcome of Leat's configured Order Action. Today only points transactions exist, but Leat announced more
/// types, so <see cref="Type"/> is free text and <see cref="Data"/> is read leniently (see <see cref="LeatResultConverter"/>).
/// </summary>
[JsonConverter(typeof(LeatResultConverter))]
public sealed record LeatResult(string? Type, LeatResultData? Data)
{
    /// <summary>True when <see cref="Type"/> is <c>POINTS_TRANSACTION</c> in any casing (the docs show both casings).</summary>
    public bool IsPointsTransaction => string.Equals(Type, LeatResultType.PointsTransaction, StringComparison.OrdinalIgnoreCase);
}
