namespace Connector.Platforms.Square.Tests.Model;

/// <summary>Reads the Square example payloads copied into <c>Fixtures/square</c> (copied to the output folder).</summary>
internal static class SquareFixtures
{
    public const string SaleOrder = "sale-order.retrieve-order-response.json";
    public const string ReturnOrder = "return-order.forum-staff-reply.truncated.json";
    public const string GetRefund = "get-payment-refund-response.json";
    public const string ListRefunds = "list-payment-refunds-response.json";
    public const string Customer = "retrieve-customer-response.json";
    public const string SearchEntries = "search-orders-response.entries.json";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "square", name));
}
