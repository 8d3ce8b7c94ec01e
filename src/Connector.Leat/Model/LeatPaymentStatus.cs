namespace Connector.Leat.Model;

/// <summary>Order <c>payment_status</c> values.</summary>
public static class LeatPaymentStatus
{
    public const string Unpaid = "UNPAID";

    public const string Pending = "PENDING";

    public const string Paid = "PAID";
}
