namespace Connector.Leat.Model;

/// <summary>Applied discount <c>offer.type</c> values.</summary>
public static class LeatOfferType
{
    public const string RewardRedemption = "REWARD_REDEMPTION";

    public const string CollectableRewardRedemption = "COLLECTABLE_REWARD_REDEMPTION";

    public const string VoucherRedemption = "VOUCHER_REDEMPTION";
}
