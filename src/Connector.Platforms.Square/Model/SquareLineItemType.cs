namespace Connector.Platforms.Square.Model;

/// <summary>Known <c>item_type</c> values of sale and return lines. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareLineItemType
{
    public const string Item = "ITEM";

    public const string CustomAmount = "CUSTOM_AMOUNT";

    public const string GiftCard = "GIFT_CARD";
}
