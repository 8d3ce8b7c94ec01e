namespace Connector.Leat.Model;

/// <summary>Order <c>status</c> values. Kept as strings so a value Leat adds later is carried, not rejected.</summary>
public static class LeatOrderStatus
{
    public const string Created = "CREATED";

    public const string Pending = "PENDING";

    public const string Completed = "COMPLETED";

    public const string Cancelled = "CANCELLED";
}
