using System.Text.Json;
using Connector.Core.Mappings;
using Connector.Platforms.NewStore.Mapping;

namespace Connector.Platforms.NewStore.Tests.Mapping;

public sealed class NewStoreMappingRulesTests
{
    [Fact]
    public void Defaults_skip_historical_sync_every_channel_and_spread_appeasements()
    {
        var rules = NewStoreMappingRules.FromJson(Json("""{ "locations": {} }"""));
        Assert.True(rules.SkipHistorical);
        Assert.Null(rules.Channels);
        Assert.True(rules.SyncsChannel("store"));
        Assert.Equal(NewStoreAppeasementRule.Spread, rules.Appeasements);
    }

    [Fact]
    public void Reads_every_rule()
    {
        var rules = NewStoreMappingRules.FromJson(Json("""{ "locations": {}, "skip_historical": false, "channels": ["Web", "store"], "appeasements": "ignore", "//": "note" }"""));
        Assert.False(rules.SkipHistorical);
        Assert.True(rules.SyncsChannel("web"));
        Assert.True(rules.SyncsChannel("store"));
        Assert.False(rules.SyncsChannel("mobile"));
        Assert.False(rules.SyncsChannel(null));
        Assert.Equal(NewStoreAppeasementRule.Ignore, rules.Appeasements);
    }

    [Theory]
    [InlineData("""{ "skip_historical": "yes" }""", "newstore.json: \"skip_historical\" must be true or false, not \"yes\".")]
    [InlineData("""{ "channels": [] }""", "newstore.json: \"channels\" must be a non-empty array of NewStore channel types, e.g. [\"store\", \"web\"]; leave it out to sync every channel.")]
    [InlineData("""{ "channels": ["web", 3] }""", "newstore.json: \"channels\" contains 3; each entry must be a channel_type such as \"store\", \"web\" or \"mobile\".")]
    [InlineData("""{ "appeasements": "refund" }""", "newstore.json: \"appeasements\" must be \"spread\" (a Leat return of the amount over what remains returnable) or \"ignore\" (recorded as skipped), not \"refund\".")]
    [InlineData("""{ "channel": ["web"] }""", "newstore.json: unknown key \"channel\"; the NewStore mapping file knows \"locations\", \"skip_historical\", \"channels\", \"appeasements\" (and \"//\" comments).")]
    public void A_bad_value_is_refused_naming_the_file_and_key(string json, string message)
    {
        Assert.Equal(message, Assert.Throws<MappingException>(() => NewStoreMappingRules.FromJson(Json(json))).Message);
    }

    [Fact]
    public void The_repository_mapping_file_is_valid()
    {
        var mappings = new PlatformMappings(Microsoft.Extensions.Options.Options.Create(new MappingsOptions { Directory = RepositoryMappings() }));
        var rules = NewStoreMappingRules.From(mappings);
        Assert.True(rules.SkipHistorical);
        Assert.NotEmpty(mappings.Find("newstore")!.Locations);
    }

    internal static string RepositoryMappings()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "mappings", "newstore.json")))
            {
                return Path.Combine(dir.FullName, "mappings");
            }
        }

        throw new InvalidOperationException("mappings/newstore.json was not found above " + AppContext.BaseDirectory);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
