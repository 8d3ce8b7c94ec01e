using Connector.Core.Mappings;
using Connector.Core.Platforms;
using Connector.Platforms.NewStore.Tests.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Platforms.NewStore.Tests;

public sealed class NewStorePlatformTests
{
    [Fact]
    public void The_platform_is_declared_for_the_host_and_enabled_by_a_tenant()
    {
        Assert.Contains(PlatformCatalog.All, p => p is NewStorePlatform);
        var platform = new NewStorePlatform();
        Assert.Equal("newstore", platform.Name);
        Assert.False(platform.IsEnabled(Configuration([])));
        Assert.False(platform.IsEnabled(Configuration(new() { ["NewStore:Tenant"] = " " })));
        Assert.True(platform.IsEnabled(Configuration(new() { ["NewStore:Tenant"] = "mycompany-sandbox" })));
        Assert.Equal("newstore", platform.BackfillCommand(_ => throw new InvalidOperationException("not used"))!.Name);
        var verb = Assert.Single(platform.Commands(_ => throw new InvalidOperationException("not used")));
        Assert.Equal("newstore", verb.Name);
        Assert.Equal(["register"], verb.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public async Task Start_up_fails_naming_every_missing_required_key()
    {
        using var host = Build(new() { ["NewStore:WebhookUrl"] = "not a url" }, """{ "locations": {} }""");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("NewStore:Tenant is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("NewStore:EventStreamApiKey is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("NewStore:WebhookUrl must be an absolute http(s) URL, not 'not a url'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_naming_the_file_and_key_of_a_bad_rule()
    {
        using var host = Build(new() { ["NewStore:Tenant"] = "t", ["NewStore:EventStreamApiKey"] = "k" }, """{ "locations": {}, "appeasements": "refund" }""");

        var error = await Assert.ThrowsAsync<MappingException>(() => host.StartAsync());

        Assert.StartsWith("newstore.json: \"appeasements\" must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_when_no_NewStore_client_is_registered()
    {
        using var host = Build(new() { ["NewStore:Tenant"] = "t", ["NewStore:EventStreamApiKey"] = "k" }, """{ "locations": {} }""", withClient: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith("NewStore is enabled but no INewStoreClient is registered", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings, string mappingFile, bool withClient = true)
    {
        var mappings = Directory.CreateTempSubdirectory("newstore-platform-").FullName;
        File.WriteAllText(Path.Combine(mappings, "newstore.json"), mappingFile);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<MappingsOptions>().Configure(o => o.Directory = mappings);
        builder.Services.AddSingleton<PlatformMappings>();
        // Never opened: start-up fails before anything touches the database.
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=9"));
        if (withClient)
        {
            builder.Services.AddSingleton<Connector.Platforms.NewStore.Client.INewStoreClient>(new PublishingNewStoreClient());
        }

        builder.Services.AddNewStore(builder.Configuration);
        return builder.Build();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
