using Connector.Leat.Balance;
using Connector.Leat.Model;

namespace Connector.Leat.Tests.Balance;

public sealed class LeatPayloadBalanceTests
{
    [Fact]
    public void EnsureBalanced_throws_with_every_mismatch_named_when_order_does_not_balance()
    {
        var order = new LeatOrderRequest
        {
            ExternalIdentifier = "EXT-1",
            Status = LeatOrderStatus.Completed,
            PaymentStatus = LeatPaymentStatus.Paid,
            TotalOrderAmount = 3200,
            Contact = new LeatUuidRef("c"),
            BusinessProfile = new LeatUuidRef("s"),
            LineItems =
            [
                new LeatLineItem { ExternalIdentifier = "L1", Name = "Double Krabby Patty", Quantity = 2, Price = 1250, TotalAmount = 2500 },
                new LeatLineItem { ExternalIdentifier = "L2", Name = "Kelp Soda", Quantity = 2, Price = 450, DiscountAmount = 225, TotalAmount = 700 },
            ],
            AppliedDiscounts =
            [
                new LeatAppliedDiscount
                {
                    ExternalIdentifier = "D1", Name = "25% off drinks", Amount = 225, AppliedTo = LeatAppliedTo.OrderLines,
                    LineItems = [new LeatExternalRef("L2")],
                },
            ],
        };

        var error = Assert.Throws<UnbalancedPayloadException>(() => LeatPayloadBalance.EnsureBalanced(order));

        Assert.Equal(
            "Leat order \"EXT-1\" does not balance: line_items[1] \"Kelp Soda\": total_amount 700 ≠ price 450 × quantity 2 − discount_amount 225 = 675",
            error.Message);
        Assert.Single(error.Mismatches);
    }

    [Fact]
    public void EnsureBalanced_accepts_a_balanced_return()
    {
        var orderReturn = new LeatOrderReturnRequest
        {
            Order = new LeatOrderReference(null, "EXT-1"),
            ExternalIdentifier = "EXT-1-R1",
            Status = LeatReturnStatus.Completed,
            LineItems = [new LeatReturnLineItem { ExternalIdentifier = "L1", Quantity = 1, TotalAmount = 1250 }],
        };

        LeatPayloadBalance.EnsureBalanced(orderReturn);
        Assert.True(LeatPayloadBalance.Check(orderReturn).IsBalanced);
    }

    [Fact]
    public void EnsureBalanced_throws_for_a_return_with_negative_amounts()
    {
        var orderReturn = new LeatOrderReturnRequest
        {
            Order = new LeatOrderReference("u", null),
            ExternalIdentifier = "R-1",
            Status = LeatReturnStatus.Completed,
            Charges = [new LeatReturnCharge { ExternalIdentifier = "C1", TotalAmount = -5 }],
        };

        var error = Assert.Throws<UnbalancedPayloadException>(() => LeatPayloadBalance.EnsureBalanced(orderReturn));

        Assert.Equal("Leat order return \"R-1\" does not balance: charges[0] \"C1\": total_amount -5 is negative", error.Message);
    }
}
