namespace Connector.Sandbox.Tests.CommerceLayer;

public sealed class CommerceLayerSandboxModeTests
{
    [Fact]
    public async Task Sandbox_mode_points_the_connector_at_the_simulator_with_pre_registered_webhooks()
    {
        var simulators = await PlatformSimulators.StartAllAsync(new Uri("http://127.0.0.1:5998"), CancellationToken.None);
        try
        {
            var commerceLayer = Assert.Single(simulators, s => s.Platform == "commercelayer");
            var settings = commerceLayer.ConnectorSettings;
            foreach (var key in new[] { "ClientId", "ClientSecret", "BaseUrl", "AuthUrl", "OrganizationSlug", "WebhookSharedSecret", "WebhookUrl" })
            {
                Assert.False(string.IsNullOrEmpty(settings["CommerceLayer:" + key]), key);
            }

            Assert.Equal("http://127.0.0.1:5998/webhooks/commercelayer", settings["CommerceLayer:WebhookUrl"]);
            using var http = new HttpClient();
            var token = await http.PostAsync(new Uri(new Uri(settings["CommerceLayer:AuthUrl"]! + "/"), "oauth/token"), new StringContent(
                $$"""{"grant_type":"client_credentials","client_id":"{{settings["CommerceLayer:ClientId"]}}","client_secret":"{{settings["CommerceLayer:ClientSecret"]}}"}""",
                System.Text.Encoding.UTF8,
                "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.OK, token.StatusCode);
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }
}
