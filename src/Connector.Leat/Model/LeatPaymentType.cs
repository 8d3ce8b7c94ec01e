namespace Connector.Leat.Model;

/// <summary>Payment <c>type</c> values (Leat payment methods only).</summary>
public static class LeatPaymentType
{
    public const string GiftcardTransaction = "GIFTCARD_TRANSACTION";

    public const string PrepaidTransaction = "PREPAID_TRANSACTION";
}
