namespace Connector.Leat.Model;

/// <summary>Known <c>result.type</c> values; compare case-insensitively (the docs use both casings).</summary>
public static class LeatResultType
{
    public const string PointsTransaction = "POINTS_TRANSACTION";

    public const string PrepaidTransaction = "PREPAID_TRANSACTION";
}
