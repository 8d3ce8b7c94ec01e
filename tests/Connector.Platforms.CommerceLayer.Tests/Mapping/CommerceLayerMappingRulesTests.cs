using System.Text.Json;
using Connector.Core.Mappings;
using Connector.Platforms.CommerceLayer.Mapping;

namespace Connector.Platforms.CommerceLayer.Tests.Mapping;

public sealed class CommerceLayerMappingRulesTests
{
    private static CommerceLayerMappingRules Read(string json) => CommerceLayerMappingRules.FromJson(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void An_empty_file_gives_the_defaults()
    {
        var rules = Read("""{ "markets": {} }""");

        Assert.Equal(CommerceLayerOrderTrigger.Approved, rules.OrderTrigger);
        Assert.Equal(CommerceLayerReturnTrigger.Received, rules.ReturnTrigger);
        Assert.Equal(CommerceLayerRefundRule.Spread, rules.Refunds);
        Assert.False(rules.GiftCardPurchasesEarnPoints);
    }

    [Fact]
    public void Every_rule_is_read()
    {
        var rules = Read("""{ "orderTrigger": "PAID", "returnTrigger": "refunded", "refunds": "ignore", "giftCardPurchasesEarnPoints": true, "// note": 1 }""");

        Assert.Equal(CommerceLayerOrderTrigger.Paid, rules.OrderTrigger);
        Assert.Equal(CommerceLayerReturnTrigger.Refunded, rules.ReturnTrigger);
        Assert.Equal(CommerceLayerRefundRule.Ignore, rules.Refunds);
        Assert.True(rules.GiftCardPurchasesEarnPoints);
    }

    [Theory]
    [InlineData("""{ "orderTrigger": "shipped" }""", "\"orderTrigger\" must be \"placed\", \"approved\" or \"paid\"")]
    [InlineData("""{ "returnTrigger": 1 }""", "\"returnTrigger\" must be \"received\" or \"refunded\"")]
    [InlineData("""{ "refunds": "spred" }""", "\"refunds\" must be \"spread\"")]
    [InlineData("""{ "giftCardPurchasesEarnPoints": "yes" }""", "\"giftCardPurchasesEarnPoints\" must be true or false")]
    [InlineData("""{ "ordertrigger": "placed" }""", "unknown key \"ordertrigger\"")]
    public void A_wrong_value_is_refused_naming_the_file_and_key(string json, string expected)
    {
        var error = Assert.Throws<MappingException>(() => Read(json));

        Assert.StartsWith("commercelayer.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mapper_configuration_is_valid() => CommerceLayerMapperConfiguration.Create().AssertConfigurationIsValid();
}
