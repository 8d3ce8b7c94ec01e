using Connector.Core.Database;
using Connector.Core.Mappings;
using Connector.Core.Platforms;
using Connector.Host.Sandbox;

namespace Connector.Host.Hosting;

/// <summary>The composition root: every project's <c>Add…</c> in the order the host needs them, and each platform found.</summary>
internal static class ConnectorServices
{
    public static IServiceCollection AddConnector(this IServiceCollection services, IConfiguration configuration, SandboxEnvironment sandbox)
    {
        var connectionString = configuration.GetConnectionString("Connector");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ConnectorConfigurationException("ConnectionStrings:Connector is not set (environment variable ConnectionStrings__Connector).");
        }

        services.AddSingleton(_ => ConnectorDataSource.Create(connectionString));

        // Hosted services start in registration order: the schema first, then the mappings check, then the workers.
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseMigrator>());
        services.AddOptions<MappingsOptions>().Bind(configuration.GetSection(MappingsOptions.SectionName));
        services.AddSingleton<PlatformMappings>();
        services.AddSingleton<BusinessProfileCheck>();
        services.AddHostedService(provider => provider.GetRequiredService<BusinessProfileCheck>());

        services.AddLeatClient(configuration);
        services.AddLeatDispatch(configuration);
        services.AddConnectorJobs(configuration, connectionString);
        services.AddJobsDashboard();
        services.AddPlatformIntake();
        services.AddConnectorDashboardPages();
        foreach (var platform in EnabledPlatforms(configuration))
        {
            platform.AddServices(services, configuration);
        }

        if (sandbox.IsSandbox)
        {
            // Sandbox:Traffic=false keeps the fakes but leaves the traffic to whoever drives them (the end-to-end tests).
            services.AddSandboxTraffic(sandbox, configuration.GetValue("Sandbox:Traffic", true));
        }

        return services;
    }

    public static WebApplication MapConnector(this WebApplication app)
    {
        app.MapConnectorHealth();
        app.MapConnectorDashboardPages();
        app.MapJobsDashboard("/hangfire");
        foreach (var platform in EnabledPlatforms(app.Configuration))
        {
            platform.MapEndpoints(app);
        }

        app.MapGet("/", () => Results.Redirect("/hangfire"));
        app.MapGet("/ops", () => Results.Redirect("/hangfire"));
        return app;
    }

    /// <summary>A platform runs when its credentials are configured (sandbox mode configures its simulator's).</summary>
    private static IEnumerable<IConnectorPlatform> EnabledPlatforms(IConfiguration configuration) =>
        PlatformCatalog.All.Where(p => p.IsEnabled(configuration));
}
