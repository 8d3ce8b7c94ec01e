namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>Tender.type</c> values. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareTenderType
{
    public const string Card = "CARD";

    public const string Cash = "CASH";

    public const string ThirdPartyCard = "THIRD_PARTY_CARD";

    public const string SquareGiftCard = "SQUARE_GIFT_CARD";

    public const string NoSale = "NO_SALE";

    public const string BankAccount = "BANK_ACCOUNT";

    public const string Wallet = "WALLET";

    public const string BuyNowPayLater = "BUY_NOW_PAY_LATER";

    public const string SquareAccount = "SQUARE_ACCOUNT";

    public const string Other = "OTHER";
}
