namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>Order.state</c> values; others may appear and must be tolerated. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareOrderState
{
    public const string Open = "OPEN";

    public const string Completed = "COMPLETED";

    public const string Canceled = "CANCELED";

    public const string Draft = "DRAFT";
}
