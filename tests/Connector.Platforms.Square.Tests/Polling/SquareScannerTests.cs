using Connector.Core;
using Connector.Core.Intake;
using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Model;
using Connector.Platforms.Square.Polling;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Tests.Polling;

public sealed class SquareScannerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_poll_whose_second_page_fails_keeps_the_first_page_and_its_checkpoint()
    {
        var square = new PagedSquare(
            [Order("O1", Now.AddMinutes(-50)), Order("O2", Now.AddMinutes(-40))],
            [Order("O3", Now.AddMinutes(-30)), Order("O4", Now.AddMinutes(-20))]) { FailPage = 2 };
        await using var services = await ServicesAsync();
        var scanner = Scanner(services, square);

        var failure = await Assert.ThrowsAsync<SquareApiException>(() => scanner.PollAsync(CancellationToken.None));

        Assert.Contains("page 2", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["square:order:O1", "square:order:O2"], await KeysAsync());
        var checkpoints = await services.GetRequiredService<PollCheckpoints>().ReadAsync("square", "default", CancellationToken.None);
        Assert.Equal(Now.AddMinutes(-40), checkpoints["orders"]);
        Assert.False(checkpoints.ContainsKey("refunds"));

        // The next poll starts from the committed page (minus the overlap) and finishes the window.
        square.FailPage = null;
        await scanner.PollAsync(CancellationToken.None);
        Assert.Equal(["square:order:O1", "square:order:O2", "square:order:O3", "square:order:O4"], await KeysAsync());
        Assert.Equal(Now.AddMinutes(-40) - TimeSpan.FromMinutes(10), square.LastFrom);
    }

    [Fact]
    public async Task A_poll_never_holds_a_transaction_open_while_it_reads_Square()
    {
        var square = new PagedSquare([Order("P1", Now.AddMinutes(-5))], [Order("P2", Now.AddMinutes(-4))]);
        await using var services = await ServicesAsync();
        square.BetweenPages = async () =>
        {
            // While the scan is between pages, a webhook's own request for the first page's order goes through at once.
            await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'");
            square.IdleInTransaction = (long)(await command.ExecuteScalarAsync())!;
        };

        await Scanner(services, square).PollAsync(CancellationToken.None);

        Assert.Equal(0L, square.IdleInTransaction);
    }

    private async Task<ServiceProvider> ServicesAsync()
    {
        await JobsSchema.MigrateAsync(database.DataSource);
        await IntakeSchema.MigrateAsync(database.DataSource);
        await using (var clear = database.DataSource.CreateCommand("TRUNCATE jobs.keyed_work, intake.poll_checkpoint"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var configuration = new ConfigurationBuilder().Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(database.DataSource)
            .AddConnectorJobs(configuration, database.ConnectionString)
            .AddPlatformIntake()
            .BuildServiceProvider();
    }

    private static SquareScanner Scanner(IServiceProvider services, ISquareClient square) =>
        new(square, services.GetRequiredService<JobIntake>(), Mappings(), services.GetRequiredService<PollCheckpoints>(),
            new FixedClock(Now), Options.Create(new SquareOptions()), NullLogger<SquareScanner>.Instance);

    private static PlatformMappings Mappings()
    {
        var folder = Directory.CreateTempSubdirectory("mappings");
        File.WriteAllText(Path.Combine(folder.FullName, "square.json"), """{ "locations": { "L1": "6a6e1f6a-8a4c-4bd4-9b6b-2f27b7f3f0c1" } }""");
        return new PlatformMappings(Options.Create(new MappingsOptions { Directory = folder.FullName }));
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT key FROM jobs.keyed_work ORDER BY key");
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static SquareOrder Order(string id, DateTimeOffset updatedAt) => new() { Id = id, LocationId = "L1", UpdatedAt = updatedAt };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Square's order search in pages (refunds: none), failing a chosen page as Square's 400 would.</summary>
    private sealed class PagedSquare(params IReadOnlyList<SquareOrder>[] pages) : ISquareClient
    {
        public int? FailPage { get; set; }

        public DateTimeOffset? LastFrom { get; private set; }

        public Func<Task>? BetweenPages { get; set; }

        public long IdleInTransaction { get; set; } = -1;

        public async Task<SquareOrdersPage> SearchOrdersAsync(IReadOnlyList<string> locationIds, DateTimeOffset updatedAfter, DateTimeOffset? updatedBefore, string? cursor, int? limit = null, CancellationToken ct = default)
        {
            var page = cursor is null ? 1 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            if (page == 1)
            {
                LastFrom = updatedAfter;
            }
            else if (BetweenPages is not null)
            {
                await BetweenPages();
            }

            if (page == FailPage)
            {
                throw new SquareApiException(400, null, $"search refused on page {page}");
            }

            var orders = pages[page - 1].Where(o => o.UpdatedAt >= updatedAfter).ToList();
            return new SquareOrdersPage(orders, page < pages.Length ? (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }

        public Task<SquareRefundsPage> ListPaymentRefundsAsync(DateTimeOffset updatedAfter, DateTimeOffset? updatedBefore, string? locationId, string? cursor, int? limit = null, CancellationToken ct = default) =>
            Task.FromResult(new SquareRefundsPage([], null));

        public Task<SquareOrder> RetrieveOrderAsync(string orderId, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<SquareOrder>> BatchRetrieveOrdersAsync(string? locationId, IEnumerable<string> orderIds, CancellationToken ct = default) => throw new NotSupportedException();

        public IAsyncEnumerable<SquareOrder> SearchAllOrdersAsync(IReadOnlyList<string> locationIds, DateTimeOffset updatedAfter, DateTimeOffset? updatedBefore, int? limit = null, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<SquarePaymentRefund> GetPaymentRefundAsync(string refundId, CancellationToken ct = default) => throw new NotSupportedException();

        public IAsyncEnumerable<SquarePaymentRefund> ListAllPaymentRefundsAsync(DateTimeOffset updatedAfter, DateTimeOffset? updatedBefore, string? locationId, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<SquareCustomer?> RetrieveCustomerAsync(string customerId, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
