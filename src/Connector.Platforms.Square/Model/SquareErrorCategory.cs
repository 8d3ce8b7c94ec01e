namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>errors[].category</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareErrorCategory
{
    public const string ApiError = "API_ERROR";

    public const string AuthenticationError = "AUTHENTICATION_ERROR";

    public const string InvalidRequestError = "INVALID_REQUEST_ERROR";

    public const string RateLimitError = "RATE_LIMIT_ERROR";

    public const string PaymentMethodError = "PAYMENT_METHOD_ERROR";

    public const string RefundError = "REFUND_ERROR";

    public const string MerchantSubscriptionError = "MERCHANT_SUBSCRIPTION_ERROR";

    public const string ExternalVendorError = "EXTERNAL_VENDOR_ERROR";
}
