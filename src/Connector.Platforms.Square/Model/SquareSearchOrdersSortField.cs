namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>sort_field</c> values of a search. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareSearchOrdersSortField
{
    public const string CreatedAt = "CREATED_AT";

    public const string UpdatedAt = "UPDATED_AT";

    public const string ClosedAt = "CLOSED_AT";
}
