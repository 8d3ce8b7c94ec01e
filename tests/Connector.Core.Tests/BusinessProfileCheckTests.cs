using Connector.Core.Mappings;
using Connector.Sandbox.Leat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connector.Core.Tests;

public sealed class BusinessProfileCheckTests
{
    [Fact]
    public async Task Start_up_reports_mapped_shops_Leat_does_not_know()
    {
        await using var fake = await LeatFake.StartAsync();
        var folder = Directory.CreateTempSubdirectory("mappings");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "square.json"), $$"""
            { "locations": { "known": "{{LeatFakeOptions.DefaultShops[0].Uuid}}", "typo": "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0999" } }
            """);
        var services = new ServiceCollection().AddLogging();
        services.AddLeatClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Leat:BaseUrl"] = fake.BaseAddress.ToString(),
            ["Leat:ApiToken"] = fake.ApiToken,
        }).Build());
        await using var provider = services.BuildServiceProvider();
        var check = new BusinessProfileCheck(
            new PlatformMappings(Options.Create(new MappingsOptions { Directory = folder.FullName })),
            provider.GetRequiredService<Connector.Leat.Client.ILeatClient>(),
            NullLogger<BusinessProfileCheck>.Instance);

        await check.StartAsync(CancellationToken.None);

        Assert.Equal([("square.json", "typo", "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0999")], check.UnknownShops);
        folder.Delete(recursive: true);
    }
}
