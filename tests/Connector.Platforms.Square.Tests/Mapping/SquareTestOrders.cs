using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Tests.Mapping;

/// <summary>Small Square order parts for mapping tests that build their orders in code.</summary>
internal static class SquareTestOrders
{
    /// <summary>A sale line named after its uid, priced in EUR.</summary>
    public static SquareOrderLineItem Line(string uid, string quantity, long price) =>
        new() { Uid = uid, Name = "Item " + uid, Quantity = quantity, BasePriceMoney = new SquareMoney(price, "EUR") };
}
