using Connector.Platforms.Square.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Tests.Client;

public sealed class SquareServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSquareClient_binds_the_Square_section_and_registers_the_typed_client()
    {
        using var provider = Build(new()
        {
            ["Square:BaseUrl"] = "http://127.0.0.1:9/prefix",
            ["Square:AccessToken"] = "t",
            ["Square:Version"] = "2026-07-15",
            ["Square:Client:MaxRetries"] = "1",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<SquareClient>(provider.GetRequiredService<ISquareClient>());
        Assert.Equal("2026-07-15", provider.GetRequiredService<IOptions<SquareOptions>>().Value.Version);
        Assert.Equal(1, provider.GetRequiredService<IOptions<SquareClientOptions>>().Value.MaxRetries);
    }

    [Fact]
    public void AddSquareClient_stops_the_start_naming_every_bad_key()
    {
        using var provider = Build(new()
        {
            ["Square:BaseUrl"] = "ftp://connect.squareup.com",
            ["Square:AccessToken"] = "has space",
            ["Square:Version"] = "latest",
            ["Square:Client:MaxRetries"] = "11",
        });

        var error = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var messages = error.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        Assert.Equal(
            [
                "Square:BaseUrl must be an absolute http(s) URL, got 'ftp://connect.squareup.com'.",
                "Square:Version must be a Square API version such as 2025-08-20, got 'latest'.",
                "Square:AccessToken must not be empty or contain whitespace (the value is not shown).",
                "Square:Client:MaxRetries must be between 0 and 10, got 11.",
            ],
            messages);
        Assert.DoesNotContain(messages, message => message.Contains("has space", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSquareClient_accepts_the_defaults_without_any_configuration()
    {
        using var provider = Build([]);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("https://connect.squareup.com", provider.GetRequiredService<IOptions<SquareOptions>>().Value.BaseUrl);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSquareClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
