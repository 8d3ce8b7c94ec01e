using Connector.Core.Intake;

namespace Connector.Core.Tests;

public sealed class StorableKeyTests
{
    [Fact]
    public void FindProblem_returns_null_when_the_value_is_an_ordinary_id()
    {
        Assert.Null(StorableKey.FindProblem("data.id", "eA3vssLHKJrv9H0IdJCM3gNqfdcZY"));
        Assert.Null(StorableKey.FindProblem("data.id", new string('x', StorableKey.MaxLength)));
    }

    [Fact]
    public void FindProblem_gives_the_length_when_the_value_is_longer_than_the_limit()
    {
        Assert.Equal("data.id is 5000 characters long; at most 255 are accepted", StorableKey.FindProblem("data.id", new string('x', 5000)));
        Assert.Equal("event_id is 11 characters long; at most 10 are accepted", StorableKey.FindProblem("event_id", "12345678901", 10));
    }

    [Theory]
    [InlineData("A\u0000B", "order id has a control character (U+0000)")]
    [InlineData("A\nB", "order id has a control character (U+000A)")]
    [InlineData("A\u007fB", "order id has a control character (U+007F)")]
    [InlineData("A\u0085B", "order id has a control character (U+0085)")]
    public void FindProblem_names_the_character_when_the_value_has_a_control_character(string value, string expected)
    {
        Assert.Equal(expected, StorableKey.FindProblem("order id", value));
    }
}
