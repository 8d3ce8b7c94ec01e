using Connector.Host.Hosting;

namespace Connector.Host.Sandbox;

/// <summary>Sandbox mode's extras: sample traffic and a read-only view of what the Leat fake holds (a page, and JSON).</summary>
internal static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxTraffic(this IServiceCollection services, SandboxEnvironment sandbox, bool generate)
    {
        services.AddSingleton(sandbox.LeatFake!);
        if (generate)
        {
            services.AddHostedService(provider => new SandboxTraffic(sandbox.Simulators, sandbox.LeatFake!, provider.GetRequiredService<ILogger<SandboxTraffic>>()));
        }

        return services;
    }

    public static void MapSandboxViews(this IEndpointRouteBuilder endpoints, SandboxEnvironment sandbox)
    {
        var fake = sandbox.LeatFake!;
        // The dashboard is mounted at /hangfire by ConnectorServices.MapConnector.
        var searchPath = "/hangfire" + ConnectorDashboardEndpointRouteBuilderExtensions.SearchRoute;
        endpoints.MapGet("/sandbox/leat", () => Results.Content(SandboxLeatPage.Render(fake, searchPath), "text/html; charset=utf-8"));
        // The same data for scripts and tests.
        endpoints.MapGet("/sandbox/leat.json", () => Results.Json(new
        {
            orders = fake.Orders.Values.Select(o => new { o.ExternalIdentifier, o.Uuid, o.ContactUuid, o.PointsBasis, o.PointsAwarded, o.PointsReversed }),
            returns = fake.Returns.Values.Select(r => new { r.ExternalIdentifier, r.OrderExternalIdentifier, r.ReturnedBasis, r.PointsReversed }),
            contacts = fake.Contacts.Select(c => new { c.Email, c.Uuid, balance = fake.ContactBalance(c.Uuid) }),
        }));
    }
}
