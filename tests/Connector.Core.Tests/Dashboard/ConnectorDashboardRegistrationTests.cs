using Connector.Core.Intake;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Core.Tests.Dashboard;

/// <summary>The seam the host calls, and the one the inbox move will use.</summary>
public sealed class ConnectorDashboardRegistrationTests
{
    [Fact]
    public void AddConnectorDashboardPages_keeps_an_IWebhookEventSearch_registered_before_it()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IWebhookEventSearch, NoEvents>();

        services.AddConnectorDashboardPages();

        Assert.Equal(typeof(NoEvents), Assert.Single(services, d => d.ServiceType == typeof(IWebhookEventSearch)).ImplementationType);
    }

    [Fact]
    public void MapConnectorDashboardPages_refuses_to_run_when_the_services_were_not_added()
    {
        var app = WebApplication.CreateBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapConnectorDashboardPages());

        Assert.Equal("The connector's dashboard pages need services.AddConnectorDashboardPages() before MapConnectorDashboardPages.", error.Message);
    }

    private sealed class NoEvents : IWebhookEventSearch
    {
        public Task<IReadOnlyList<WebhookEventRow>> FindAsync(string term, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<WebhookEventRow>>([]);
    }
}
