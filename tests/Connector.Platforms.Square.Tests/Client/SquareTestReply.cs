namespace Connector.Platforms.Square.Tests.Client;

/// <summary>What the test server answers.</summary>
internal sealed record SquareTestReply(int Status, string Body, string? RetryAfter = null)
{
    public static SquareTestReply Ok(string body) => new(200, body);
}
