namespace Connector.Leat.Model;

/// <summary>Line item <c>result.type</c> values.</summary>
public static class LeatLineItemResultType
{
    public const string GiftcardTransaction = "GIFTCARD_TRANSACTION";

    public const string PrepaidTransaction = "PREPAID_TRANSACTION";

    public const string Voucher = "VOUCHER";
}
