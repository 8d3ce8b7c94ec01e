using Connector.Sandbox.NewStore;
using Microsoft.Extensions.Logging;

namespace Connector.Sandbox.Tests.NewStore;

public sealed class NewStoreSandboxModeTests
{
    [Fact]
    public async Task Sandbox_points_every_NewStore_key_at_the_simulator_and_registers_the_connectors_integration()
    {
        var simulators = await PlatformSimulators.StartAllAsync(new Uri("http://127.0.0.1:5999"), CancellationToken.None);
        try
        {
            var platform = Assert.Single(simulators, s => s.Platform == "newstore");
            var settings = platform.ConnectorSettings;
            var simulator = Assert.IsType<NewStoreSimulator>(platform.Simulator);

            Assert.Equal(["NewStore:Tenant", "NewStore:BaseUrl", "NewStore:IdentityUrl", "NewStore:ClientId", "NewStore:ClientSecret", "NewStore:EventStreamApiKey", "NewStore:WebhookUrl"],
                settings.Keys);
            Assert.Equal("http://127.0.0.1:5999/webhooks/newstore", settings["NewStore:WebhookUrl"]);
            var integration = simulator.GetIntegration("leat-connector")!;
            Assert.Equal("running", integration["status"]!.GetValue<string>());
            Assert.Equal(settings["NewStore:WebhookUrl"], integration["callback_parameters"]!["callback_url"]!.GetValue<string>());
            Assert.Equal(settings["NewStore:EventStreamApiKey"], integration["callback_parameters"]!["api_key"]!.GetValue<string>());

            // The configured client gets a token from the configured identity host for the configured tenant.
            using var http = new HttpClient();
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings["NewStore:ClientId"]!,
                ["client_secret"] = settings["NewStore:ClientSecret"]!,
            });
            using var token = await http.PostAsync($"{settings["NewStore:IdentityUrl"]}/auth/realms/{settings["NewStore:Tenant"]}/protocol/openid-connect/token", form);
            Assert.Equal(200, (int)token.StatusCode);
            Assert.StartsWith(settings["NewStore:BaseUrl"]!, simulator.BaseAddress.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Refused_delivery_is_logged_without_the_api_key()
    {
        var logger = new CapturingLogger();
        await using var simulator = await NewStoreSimulator.StartAsync(new NewStoreSimulatorOptions { Logger = logger });
        simulator.RegisterIntegration("leat-connector", "http://127.0.0.1:1/webhooks/newstore", "secret-api-key");
        simulator.CreateOrder(new NewStoreOrderSpec { Lines = [new() { ProductId = "A", UnitPrice = 100 }] });

        await simulator.FlushEventsAsync();

        var message = Assert.Single(logger.Messages);
        Assert.Equal("NewStore simulator: order.opened #1 to integration leat-connector answered 0 (attempt 1); retrying in 00:00:10", message);
        Assert.DoesNotContain("secret-api-key", message, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
