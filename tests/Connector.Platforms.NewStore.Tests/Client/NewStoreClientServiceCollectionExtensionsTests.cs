using Connector.Platforms.NewStore.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.NewStore.Tests.Client;

public sealed class NewStoreClientServiceCollectionExtensionsTests
{
    [Fact]
    public void AddNewStoreClient_binds_the_NewStore_section_and_registers_both_seams_on_one_client()
    {
        using var provider = Build(new()
        {
            ["NewStore:Tenant"] = "leatdemo",
            ["NewStore:ClientId"] = "c",
            ["NewStore:ClientSecret"] = "s",
            ["NewStore:Client:MaxRetries"] = "1",
            ["NewStore:Client:TokenRefreshMargin"] = "00:05:00",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<NewStoreClient>(provider.GetRequiredService<INewStoreClient>());
        Assert.IsType<NewStoreClient>(provider.GetRequiredService<INewStoreEventStream>());
        var options = provider.GetRequiredService<IOptions<NewStoreOptions>>().Value;
        Assert.Equal(("https://leatdemo.p.newstore.net", "https://id.p.newstore.net"), (options.ResolvedBaseUrl, options.IdentityUrl));
        var client = provider.GetRequiredService<IOptions<NewStoreClientOptions>>().Value;
        Assert.Equal((1, TimeSpan.FromMinutes(5)), (client.MaxRetries, client.TokenRefreshMargin));
    }

    [Fact]
    public void AddNewStoreClient_stops_the_start_naming_every_bad_key_without_echoing_the_secret()
    {
        using var provider = Build(new()
        {
            ["NewStore:Tenant"] = "my tenant",
            ["NewStore:BaseUrl"] = "ftp://leatdemo.p.newstore.net",
            ["NewStore:ClientSecret"] = "has space",
            ["NewStore:WebhookUrl"] = "/webhooks/newstore",
            ["NewStore:Client:MaxRetries"] = "11",
            ["NewStore:Client:Timeout"] = "00:00:00",
        });

        var error = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var messages = error.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        Assert.Equal(
            [
                "NewStore:Tenant must be the full tenant name (mycompany, mycompany-sandbox), got 'my tenant'.",
                "NewStore:BaseUrl must be an absolute http(s) URL, got 'ftp://leatdemo.p.newstore.net'.",
                "NewStore:ClientId is not set (an API client created in NewStore Omnichannel Manager).",
                "NewStore:ClientSecret must be set and contain no whitespace (the value is not shown).",
                "NewStore:WebhookUrl must be an absolute http(s) URL, got '/webhooks/newstore'.",
                "NewStore:Client:Timeout must be positive, got 00:00:00.",
                "NewStore:Client:MaxRetries must be between 0 and 10, got 11.",
            ],
            messages);
        Assert.DoesNotContain(messages, message => message.Contains("has space", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "https://t.p.newstore.net/api/v1/org/integrations/eventstream/x", true)]
    [InlineData("POST", "https://t.p.newstore.net/api/v1/org/data/query", true)]
    [InlineData("POST", "https://t.p.newstore.net/api/v1/org/integrations/eventstream", false)]
    [InlineData("PATCH", "https://t.p.newstore.net/api/v1/org/integrations/eventstream/x", false)]
    [InlineData("POST", "https://t.p.newstore.net/api/v1/org/integrations/eventstream/x/_start", false)]
    [InlineData("DELETE", "https://t.p.newstore.net/api/v1/org/integrations/eventstream/x", false)]
    public void Only_reads_are_retried_on_the_API_host(string method, string url, bool retried) =>
        Assert.Equal(retried, NewStoreClientServiceCollectionExtensions.IsRead(new HttpRequestMessage(new HttpMethod(method), url)));

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNewStoreClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
