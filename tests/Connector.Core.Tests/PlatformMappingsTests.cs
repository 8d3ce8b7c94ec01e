using Connector.Core.Mappings;
using Microsoft.Extensions.Options;

namespace Connector.Core.Tests;

public sealed class PlatformMappingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mappings");

    public void Dispose() => _folder.Delete(recursive: true);

    private PlatformMappings Load(string file, string json)
    {
        File.WriteAllText(Path.Combine(_folder.FullName, file), json);
        return new PlatformMappings(Options.Create(new MappingsOptions { Directory = _folder.FullName }));
    }

    [Fact]
    public void ResolveShop_maps_a_location_to_its_Leat_shop()
    {
        var mappings = Load("square.json", """{ "locations": { "L1": "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001" }, "tax": "charge" }""");

        Assert.Equal("5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001", mappings.ResolveShop("square", "L1"));
        Assert.Equal("charge", mappings.Find("square")!.Root.GetProperty("tax").GetString());
    }

    [Fact]
    public void ResolveShop_names_the_file_to_fix_for_an_unmapped_location()
    {
        var mappings = Load("square.json", """{ "locations": {} }""");

        var error = Assert.Throws<UnmappedLocationException>(() => mappings.ResolveShop("square", "L9"));

        Assert.Equal("square location L9 has no Leat business profile: add it under \"locations\" in square.json, then replay the job.", error.Message);
    }

    [Fact]
    public void A_market_keyed_file_maps_markets_and_names_them_when_one_is_missing()
    {
        var mappings = Load("commercelayer.json", """{ "markets": { "europe": "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001" } }""");

        Assert.Equal("5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001", mappings.ResolveShop("commercelayer", "europe"));
        var error = Assert.Throws<UnmappedLocationException>(() => mappings.ResolveShop("commercelayer", "usa"));
        Assert.Equal("commercelayer market usa has no Leat business profile: add it under \"markets\" in commercelayer.json, then replay the job.", error.Message);
    }

    [Theory]
    [InlineData("""{ "locations": { "L1": 42 } }""", "square.json: locations.L1 must be a Leat shop uuid, not 42.")]
    [InlineData("""{ "shops": {} }""", "square.json: \"locations\" is missing; map each location to a Leat shop uuid (\"markets\" for Commerce Layer).")]
    [InlineData("""{ "markets": { "M1": "x" } }""", "square.json: markets.M1 must be a Leat shop uuid, not \"x\".")]
    [InlineData("""{ "markets": 1 }""", "square.json: \"markets\" must be an object of \"<market id or code>\": \"<Leat shop uuid>\".")]
    [InlineData("""{ "locations": [] }""", "square.json: \"locations\" must be an object of \"<location id>\": \"<Leat shop uuid>\".")]
    [InlineData("""[1]""", "square.json: the file must hold a JSON object.")]
    public void A_malformed_file_is_refused_naming_the_file_and_key(string json, string message)
    {
        var error = Assert.Throws<MappingException>(() => Load("square.json", json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_JSON_is_refused_naming_the_file()
    {
        var error = Assert.Throws<MappingException>(() => Load("newstore.json", "{ locations: "));

        Assert.StartsWith("newstore.json: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_mapping_files_are_valid()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Connector.sln")))
        {
            root = root.Parent!;
        }

        var mappings = new PlatformMappings(Options.Create(new MappingsOptions { Directory = Path.Combine(root.FullName, "mappings") }));

        Assert.NotEmpty(mappings.All);
    }
}
