using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

public sealed class JobsOptionsTests
{
    [Fact]
    public void Options_bind_from_the_Jobs_section_and_configured_queues_replace_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:WorkerCount"] = "8",
            ["Jobs:Queues:0"] = "polls",
            ["Jobs:Queues:1"] = "webhooks",
            ["Jobs:LeaseDuration"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(NpgsqlDataSource.Create("Host=127.0.0.1"));
        services.AddConnectorJobs(o => o.BatchSize = 32);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<JobsOptions>>().Value;

        Assert.Equal(8, options.WorkerCount);
        Assert.Equal(["polls", "webhooks"], options.Queues);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HeartbeatInterval);
        Assert.Equal(32, options.BatchSize);
        Assert.Equal(10, options.DefaultMaxAttempts);
    }

    [Fact]
    public void Options_with_a_heartbeat_not_shorter_than_the_lease_are_rejected()
    {
        var services = new ServiceCollection();
        services.AddSingleton(NpgsqlDataSource.Create("Host=127.0.0.1"));
        services.AddConnectorJobs(o => o.HeartbeatInterval = TimeSpan.FromMinutes(2));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobsOptions>>().Value);
        Assert.Equal("Jobs:HeartbeatInterval must be positive and shorter than Jobs:LeaseDuration.", error.Message);
    }
}
