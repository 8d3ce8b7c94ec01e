using System.Net;
using System.Text.Json;
using Connector.Host.Hosting;
using Connector.Testing;

namespace Connector.Host.Tests;

public sealed class ConnectorAppTests
{
    private static async Task<ConnectorApp> StartAsync(string connectionString, params string[] extra)
    {
        var app = await ConnectorApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Connector={connectionString}", $"--Mappings:Directory={RepositoryFiles.PathOf("mappings")}", .. extra],
            forceSandbox: true,
            CancellationToken.None);
        await app.App.StartAsync();
        return app;
    }

    [Fact]
    public async Task Sandbox_mode_sends_sample_sales_and_returns_through_jobs_into_the_Leat_fake()
    {
        var database = await PostgresServer.CreateDatabaseAsync("host");
        await using var connector = await StartAsync(database);
        using var http = new HttpClient { BaseAddress = new Uri(connector.Address) };

        Assert.True(connector.Sandbox.IsSandbox);
        Assert.False(connector.Sandbox.UsesThrowawayDatabase);
        Assert.Equal("live", await http.GetStringAsync("/health/live"));
        Assert.Equal("ready", await http.GetStringAsync("/health/ready"));

        // The traffic enqueues a sale every 5 s and a return of every second sale 10 s later.
        var fake = connector.Sandbox.LeatFake!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((fake.Returns.Count == 0 || fake.Orders.Count < 2) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(fake.Orders.Count >= 2, $"orders in the fake: {fake.Orders.Count}");
        var returned = Assert.Single(fake.Returns.Values.Take(1));
        var order = fake.Orders[returned.OrderExternalIdentifier];
        Assert.True(order.PointsReversed > 0 && order.PointsReversed <= order.PointsAwarded);

        using var view = JsonDocument.Parse(await http.GetStringAsync("/sandbox/leat.json"));
        Assert.True(view.RootElement.GetProperty("orders").GetArrayLength() >= 2);
        var page = await http.GetStringAsync("/sandbox/leat");
        Assert.Contains($"<a href=\"/hangfire/search?q={Uri.EscapeDataString(order.ExternalIdentifier)}\">{order.ExternalIdentifier}</a>", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/hangfire/search?q={Uri.EscapeDataString(returned.ExternalIdentifier)}\">{returned.ExternalIdentifier}</a>", page, StringComparison.Ordinal);
        var overview = await http.GetStringAsync("/ops");
        Assert.Contains("succeeded", overview, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Readiness_fails_while_the_schema_is_not_migrated()
    {
        var database = await PostgresServer.CreateDatabaseAsync("host");
        await using var connector = await StartAsync(database);
        using var http = new HttpClient { BaseAddress = new Uri(connector.Address) };
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(database))
        await using (var drop = dataSource.CreateCommand("DELETE FROM public.schema_migrations WHERE component = 'leat'"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("database schema not migrated", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_malformed_mapping_file_stops_the_start_naming_the_file_and_key()
    {
        var folder = Directory.CreateTempSubdirectory("mappings");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "square.json"), """{ "locations": { "L1": "not-a-uuid" } }""");
        var database = await PostgresServer.CreateDatabaseAsync("host");
        await using var connector = await ConnectorApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Connector={database}", $"--Mappings:Directory={folder.FullName}"],
            forceSandbox: true,
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<Connector.Core.Mappings.MappingException>(() => connector.App.StartAsync());

        Assert.Equal("square.json: locations.L1 must be a Leat shop uuid, not \"not-a-uuid\".", error.Message);
    }

    [Fact]
    public async Task The_migrate_verb_applies_the_schema_once_and_the_jobs_verbs_then_work()
    {
        var database = await PostgresServer.CreateDatabaseAsync("host");
        Environment.SetEnvironmentVariable("ConnectionStrings__Connector", database);
        try
        {
            Assert.Equal(0, await ConnectorCommandLine.Create().Parse(["migrate"]).InvokeAsync());
            Assert.Equal(0, await ConnectorCommandLine.Create().Parse(["migrate"]).InvokeAsync());
            Assert.Equal(0, await ConnectorCommandLine.Create().Parse(["jobs", "list", "--state", "failed"]).InvokeAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Connector", null);
        }

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(database);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM public.schema_migrations");
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 2);
    }
}
