using Connector.Host.Hosting;
using Connector.Jobs;
using Connector.Sandbox.Leat;
using Connector.Sandbox.Square;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Connector.Host.Tests;

/// <summary>
/// The ops flow of a refused sale, in Chromium against the real host (Square simulator, Leat fake, real PostgreSQL):
/// find the Failed job on Search by its business key, read Leat's error on Hangfire's job page, requeue it there as
/// an operator, and see it succeed and the action audited.
/// </summary>
public sealed class DashboardSearchBrowserTests : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly ChromiumFixture _chromium;
    private ConnectorApp _connector = null!;
    private NpgsqlDataSource _database = null!;

    public DashboardSearchBrowserTests(ChromiumFixture chromium) => _chromium = chromium;

    private SquareSimulator Square => _connector.Sandbox.Simulator<SquareSimulator>();

    private LeatFake Leat => _connector.Sandbox.LeatFake!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("e2e_search");
        _database = NpgsqlDataSource.Create(connectionString);
        _connector = await ConnectorApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Connector={connectionString}",
            $"--Mappings:Directory={RepositoryFiles.PathOf("mappings")}",
            "--Sandbox:Traffic=false",
            "--Square:PollInterval=01:00:00",
            "--Jobs:RetryBaseDelay=00:00:00.200",
            "--Jobs:SchedulePollInterval=00:00:01",
            "--Jobs:RetryMaxDelay=00:00:01",
            "--Dashboard:Users:0:Name=ops",
            "--Dashboard:Users:0:Password=ops-secret",
            "--Dashboard:Users:0:Role=Operator",
        ], forceSandbox: true, CancellationToken.None);
        await _connector.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Operator_finds_a_sale_refused_with_422_on_Search_requeues_it_from_Hangfires_job_page_and_it_succeeds_audited()
    {
        Leat.FailNext(1, 422, null, "/orders/create-and-process");
        var saleId = Sale("barbara@example.com");
        Assert.Equal(200, await Square.SendWebhookAsync("order.updated", saleId));
        await JobsProbe.SettledAsync(_database);
        var jobId = Assert.Single(await Jobs.FindAsync($"square:order:{saleId}")).Id;
        var browser = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _connector.Address });
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/hangfire/");
        await page.GetByLabel("Name").FillAsync("ops");
        await page.GetByLabel("Password").FillAsync("ops-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByLabel("Order, refund or return id").FillAsync($"square:order:{saleId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        var job = page.Locator("tr.search-job");
        await Expect(job).ToHaveCountAsync(1);
        await Expect(job.Locator(".search-job-state")).ToHaveTextAsync("Failed");
        await Expect(job.Locator(".search-job-error")).ToContainTextAsync("Leat answered 422");
        await Expect(page.Locator(".search-dispatch .panel-heading")).ToHaveTextAsync($"order square:{saleId} failed");

        await job.GetByRole(AriaRole.Link, new() { Name = $"#{jobId}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{_connector.Address}/hangfire/jobs/details/{jobId}");
        // The Failed card of the job's history carries Leat's message (its reason, and the exception in its body).
        await Expect(page.Locator(".state-card").Filter(new() { HasText = "Failed" }).First).ToContainTextAsync("Leat answered 422");
        var requeued = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync(),
            r => r.Url.EndsWith($"/hangfire/jobs/actions/requeue/{jobId}", StringComparison.Ordinal));
        Assert.Equal(204, requeued.Status);
        await JobsProbe.SettledAsync(_database);

        // Hangfire's page reloads itself after the requeue; a second tab (same login) does not race that reload.
        var after = await browser.NewPageAsync();
        await after.GotoAsync($"/hangfire/search?q={saleId}");
        await Expect(after.Locator("tr.search-job .search-job-state")).ToHaveTextAsync("Succeeded");
        await Expect(after.Locator(".search-dispatch .panel-heading")).ToHaveTextAsync($"order square:{saleId} succeeded");
        Assert.Equal("Succeeded", Jobs.Describe(jobId, null)!.State);
        Assert.Equal($"square:{saleId}", Assert.Single(Leat.Orders.Values).ExternalIdentifier);
        Assert.Equal(("dashboard:ops", $"/jobs/actions/requeue/{jobId}", jobId, 1), await AuditAsync());
    }

    private string Sale(string email)
    {
        var customer = Square.AddCustomer(email);
        return Square.CreateSale(new SaleSpec
        {
            CustomerId = customer,
            LocationId = SquareSimulatorOptions.DefaultLocations[0].Id,
            Lines = [new SaleLineSpec { Name = "Scone", BasePrice = 325, Quantity = 1m, CatalogObjectId = "ITEM-Scone" }],
        });
    }

    private JobSearch Jobs => _connector.App.Services.GetRequiredService<JobSearch>();

    private async Task<(string Actor, string Action, string JobIds, int Count)> AuditAsync()
    {
        await using var command = _database.CreateCommand("SELECT actor, action, array_to_string(job_ids, ','), job_count FROM jobs.dashboard_audit");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "an audit row exists");
        var row = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
        Assert.False(await reader.ReadAsync(), "exactly one audit row exists");
        return row;
    }
}
