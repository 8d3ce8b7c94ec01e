namespace Connector.Leat.Model;

/// <summary>Order return <c>status</c> values.</summary>
public static class LeatReturnStatus
{
    public const string Pending = "PENDING";

    public const string Completed = "COMPLETED";
}
