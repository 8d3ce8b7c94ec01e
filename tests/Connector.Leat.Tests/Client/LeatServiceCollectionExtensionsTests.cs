using System.Threading.RateLimiting;
using Connector.Leat.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Leat.Tests.Client;

public sealed class LeatServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLeatClient_binds_the_Leat_section_of_the_root_configuration()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Leat:BaseUrl"] = "https://api.piggy.nl",
            ["Leat:ApiToken"] = "pat",
            ["Leat:RequestsPerSecond"] = "3",
            ["Leat:Timeout"] = "00:00:10",
        });

        var options = provider.GetRequiredService<IOptions<LeatOptions>>().Value;

        Assert.Equal(("https://api.piggy.nl", "pat", 3, TimeSpan.FromSeconds(10)), (options.BaseUrl, options.ApiToken, options.RequestsPerSecond, options.Timeout));
        Assert.IsType<LeatClient>(provider.GetRequiredService<ILeatClient>());
    }

    [Fact]
    public void Invalid_options_stop_the_start_with_the_key_named()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Leat:BaseUrl"] = "api.piggy.eu" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Leat:BaseUrl must be an absolute http(s) URL, got 'api.piggy.eu'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_client_instance_shares_one_rate_limiter()
    {
        using var provider = Build([]);

        Assert.Same(
            provider.GetRequiredKeyedService<RateLimiter>(LeatClient.RateLimiterKey), provider.GetRequiredKeyedService<RateLimiter>(LeatClient.RateLimiterKey));
        Assert.NotSame(provider.GetRequiredService<ILeatClient>(), provider.GetRequiredService<ILeatClient>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLeatClient(configuration);
        return services.BuildServiceProvider();
    }
}
