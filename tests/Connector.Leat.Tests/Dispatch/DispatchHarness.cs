using Connector.Leat.Dispatch;
using Connector.Leat.Model;
using Connector.Sandbox.Leat;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Leat.Tests.Dispatch;

/// <summary>
/// A dispatcher wired as in production — real Leat client over HTTP, real PostgreSQL ledger — against a
/// fresh Leat fake and a fresh database per test.
/// </summary>
internal sealed class DispatchHarness : IAsyncDisposable
{
    public const string Shop = "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001";

    private readonly ServiceProvider _services;
    private readonly string _connectionString;
    private readonly Func<LeatFake, Dictionary<string, string?>>? _settings;
    private readonly bool _ownsFake;

    private DispatchHarness(ServiceProvider services, LeatFake fake, NpgsqlDataSource dataSource, string connectionString, Func<LeatFake, Dictionary<string, string?>>? settings, bool ownsFake)
    {
        _services = services;
        Fake = fake;
        DataSource = dataSource;
        _connectionString = connectionString;
        _settings = settings;
        _ownsFake = ownsFake;
    }

    public LeatFake Fake { get; }

    public NpgsqlDataSource DataSource { get; }

    public LeatDispatcher Dispatcher => _services.GetRequiredService<LeatDispatcher>();

    /// <summary>The identity this harness's ("process's") claims are held under.</summary>
    public DispatchOwner Owner => _services.GetRequiredService<DispatchOwner>();

    /// <summary>The owner heartbeat; not started unless a test starts it or beats it by hand.</summary>
    internal DispatchOwnerHeartbeat Heartbeat => _services.GetRequiredService<DispatchOwnerHeartbeat>();

    /// <summary>The ledger as the dispatcher uses it, for a test that claims a key without finishing it.</summary>
    internal DispatchLedger Ledger => new(DataSource, _services.GetRequiredService<TimeProvider>(), Owner, _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DispatchOptions>>().Value.OwnerTimeout);

    public static async Task<DispatchHarness> StartAsync(Func<LeatFake, Dictionary<string, string?>>? settings = null, TimeProvider? clock = null)
    {
        var fake = await LeatFake.StartAsync(new LeatFakeOptions());
        var connectionString = await PostgresServer.CreateDatabaseAsync("dispatch");
        var harness = await BuildAsync(fake, connectionString, settings, clock, ownsFake: true);
        await LeatSchema.MigrateAsync(harness.DataSource);
        return harness;
    }

    /// <summary>A second process: its own container and owner id, on the same database and Leat fake (which this harness keeps).</summary>
    public Task<DispatchHarness> StartPeerAsync(TimeProvider? clock = null) => BuildAsync(Fake, _connectionString, _settings, clock, ownsFake: false);

    private static Task<DispatchHarness> BuildAsync(LeatFake fake, string connectionString, Func<LeatFake, Dictionary<string, string?>>? settings, TimeProvider? clock, bool ownsFake)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Leat:BaseUrl"] = fake.BaseAddress.ToString(),
                ["Leat:ApiToken"] = fake.ApiToken,
                ["Leat:RequestsPerSecond"] = "1000",
                ["Leat:Timeout"] = "00:00:10",
            })
            .AddInMemoryCollection(settings?.Invoke(fake) ?? [])
            .Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(NpgsqlDataSource.Create(connectionString));
        if (clock is not null)
        {
            collection.AddSingleton(clock);
        }

        collection.AddLeatClient(configuration);
        collection.AddLeatDispatch(configuration);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        return Task.FromResult(new DispatchHarness(services, fake, dataSource, connectionString, settings, ownsFake));
    }

    public int OrderCreates => Fake.CallCount("POST", "/orders/create-and-process");

    public int ReturnCreates => Fake.CallCount("POST", "/order-returns/create-and-process");

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Claims an order key as a dispatch would, and never finishes it: a worker killed right after its claim.</summary>
    public async Task ClaimAndAbandonAsync(string externalId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        var claim = await Ledger.ClaimAsync(connection, null, DispatchLedger.Order, externalId, "test", externalId, [], null, "killed", null, null, TimeSpan.FromMinutes(2), default);
        Assert.NotNull(claim);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsFake)
        {
            await Fake.DisposeAsync();
        }
    }

    /// <summary>A balanced sale: each line (id, price, quantity, discount), optionally one charge.</summary>
    public static OrderDispatch Sale(string id, string? email = "ada@example.com", long chargeTotal = 0, params (string Id, long Price, decimal Quantity, long Discount)[] lines)
    {
        var items = lines.Select(l => new LeatLineItem
        {
            ExternalIdentifier = l.Id,
            Name = $"Item {l.Id}",
            Quantity = l.Quantity,
            Price = l.Price,
            DiscountAmount = l.Discount,
            TotalAmount = (long)Math.Round(l.Price * l.Quantity, MidpointRounding.AwayFromZero) - l.Discount,
        }).ToList();
        var orderAmount = items.Sum(i => i.TotalAmount);
        var charges = chargeTotal > 0
            ? new List<LeatCharge> { new() { ExternalIdentifier = $"{id}:tip", Name = "Tip", TotalAmount = chargeTotal, ChargeDefinition = new LeatExternalRef("GRATUITY") } }
            : null;
        var discounts = items.Where(i => i.DiscountAmount > 0)
            .Select(i => new LeatAppliedDiscount
            {
                ExternalIdentifier = $"{id}:discount:{i.ExternalIdentifier}",
                Name = "Line discount",
                Amount = i.DiscountAmount!.Value,
                Type = LeatDiscountType.Absolute,
                AppliedTo = LeatAppliedTo.OrderLines,
                LineItems = [new LeatExternalRef(i.ExternalIdentifier)],
            })
            .ToList();
        return new OrderDispatch
        {
            Platform = "test",
            SourceId = id,
            CustomerEmail = email,
            Order = new LeatOrderRequest
            {
                ExternalIdentifier = id,
                Status = LeatOrderStatus.Completed,
                PaymentStatus = LeatPaymentStatus.Paid,
                Currency = "EUR",
                OrderAmount = orderAmount,
                TotalOrderAmount = orderAmount + chargeTotal,
                Contact = new LeatUuidRef(""),
                BusinessProfile = new LeatUuidRef(Shop),
                LineItems = items,
                Charges = charges,
                AppliedDiscounts = discounts.Count > 0 ? discounts : null,
                TotalDiscountAmount = discounts.Sum(d => d.Amount),
            },
        };
    }

    /// <summary>A return of some lines (id, quantity) of <paramref name="orderId"/>, amounts left to the dispatcher.</summary>
    public static ReturnDispatch Return(string id, string orderId, params (string Line, decimal Quantity)[] lines) => new()
    {
        Platform = "test",
        SourceId = id,
        Return = new LeatOrderReturnRequest
        {
            ExternalIdentifier = id,
            Order = new LeatOrderReference(null, orderId),
            Status = LeatReturnStatus.Completed,
            LineItems = lines.Select(l => new LeatReturnLineItem { ExternalIdentifier = l.Line, Quantity = l.Quantity }).ToList(),
        },
    };
}
