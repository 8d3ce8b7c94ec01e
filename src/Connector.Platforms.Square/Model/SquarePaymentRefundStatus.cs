namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>PaymentRefund.status</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquarePaymentRefundStatus
{
    public const string Pending = "PENDING";

    public const string Completed = "COMPLETED";

    public const string Rejected = "REJECTED";

    public const string Failed = "FAILED";
}
