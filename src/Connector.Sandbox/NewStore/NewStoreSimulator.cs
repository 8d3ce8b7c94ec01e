using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Sandbox.NewStore;

/// <summary>
/// A loopback simulator of the NewStore parts the connector uses (reference <c>newstore.md</c>): Keycloak client
/// credentials, GraphQL <c>order(id, tenant)</c> with the data store's lag, the event-stream configuration API with
/// temporary (replay) integrations, and an event sender that is at-least-once, unordered and sometimes late. Orders,
/// returns, appeasements and cancellations are made through its methods, which derive every amount by NewStore's
/// rules and publish the events. It shares no types with the product, so a wrong product model cannot agree with it.
/// </summary>
public sealed class NewStoreSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NewStoreSimulatorState _state;
    private readonly NewStoreEventSender _sender;
    private readonly Lock _requestsGate = new();
    private readonly List<NewStoreRecordedRequest> _requests;
    private int _disposed;

    private NewStoreSimulator(WebApplication app, NewStoreSimulatorState state, List<NewStoreRecordedRequest> requests, Uri baseAddress)
    {
        _app = app;
        _state = state;
        _requests = requests;
        _sender = new NewStoreEventSender(state);
        BaseAddress = baseAddress;
    }

    /// <summary>Root of the server: both the identity host (<c>https://id.p.newstore.net</c>) and the tenant host (<c>https://{tenant}.p.newstore.net</c>).</summary>
    public Uri BaseAddress { get; }

    public NewStoreSimulatorOptions Options => _state.Options;

    /// <summary>Requests answered, newest last.</summary>
    public IReadOnlyList<NewStoreRecordedRequest> Requests
    {
        get
        {
            lock (_requestsGate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Every event published, in publication order (a republished order appears twice).</summary>
    public IReadOnlyList<NewStorePublishedEvent> Events => _state.Events;

    /// <summary>Every delivery attempt, in the order made.</summary>
    public IReadOnlyList<NewStoreEventDelivery> Deliveries => _state.Deliveries;

    /// <summary>Deliveries owed and not yet made (late, retried, or to a stopped integration).</summary>
    public int PendingDeliveries => _state.PendingDeliveries;

    /// <summary>Every order with its amounts and what happened to it since (cancellations, appeasements, refunds).</summary>
    public IReadOnlyList<NewStoreOrderSummary> Orders => _state.Orders;

    public IReadOnlyList<NewStoreReturnSummary> Returns => _state.Returns;

    public IReadOnlyList<NewStoreAppeasementSummary> Appeasements => _state.Appeasements;

    public IReadOnlyList<NewStoreCancellationSummary> Cancellations => _state.Cancellations;

    /// <summary>Starts the simulator on 127.0.0.1 (port from the options, 0 = any free port).</summary>
    public static async Task<NewStoreSimulator> StartAsync(NewStoreSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new NewStoreSimulatorState(options);
        var requests = new List<NewStoreRecordedRequest>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        NewStoreSimulator? self = null;
        NewStoreSimulatorRoutes.Map(app, state, recorded => self?.Record(recorded));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new NewStoreSimulator(app, state, requests, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    /// <summary>Creates an order (one item per unit) and, unless <see cref="NewStoreOrderSpec.Publish"/> is off, publishes <c>order.opened</c>; returns its UUID.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent.</exception>
    public string CreateOrder(NewStoreOrderSpec spec) => _state.CreateOrder(spec);

    /// <summary>Publishes the order's <c>order.opened</c> (again, if it was already: a duplicate publication).</summary>
    public void PublishOrder(string orderId) => _state.PublishOrder(orderId);

    /// <summary>Cancels some open items: <c>order.items_cancelled</c>.</summary>
    public NewStoreCancellationSummary CancelItems(string orderId, IReadOnlyList<string> itemIds) => _state.CancelItems(orderId, itemIds);

    /// <summary>Cancels the whole order: <c>order.cancelled</c>.</summary>
    public NewStoreCancellationSummary CancelOrder(string orderId) => _state.CancelOrder(orderId);

    /// <summary>Gives money back without goods (<c>refund_request.issued</c>), prorated over the items by price paid; lowers later refunds.</summary>
    public NewStoreAppeasementSummary Appease(string orderId, long amount, IReadOnlyList<string>? itemIds = null) => _state.Appease(orderId, amount, itemIds);

    /// <summary>Processes a return by NewStore's refund rules and publishes <c>return.processed</c>.</summary>
    /// <exception cref="InvalidOperationException">Nothing of a named product is left to return.</exception>
    public NewStoreReturnSummary CreateReturn(NewStoreReturnSpec spec) => _state.CreateReturn(spec);

    /// <summary>The order's amounts and history, or null.</summary>
    public NewStoreOrderSummary? GetOrder(string orderId) => _state.OrderSummary(orderId);

    /// <summary>The order's <c>order.opened</c> payload with item statuses as they are now, or null.</summary>
    public JsonObject? GetOrderPayload(string orderId) => _state.OrderPayload(orderId);

    /// <summary>The order's units: item id, product, paid and remaining amounts (minor units), status.</summary>
    public IReadOnlyList<(string ItemId, string ProductId, long Paid, long Remaining, string Status)> GetUnits(string orderId) => _state.Units(orderId);

    /// <summary>Registers an integration as <c>POST /api/v1/org/integrations/eventstream</c> would.</summary>
    /// <exception cref="InvalidOperationException">NewStore would refuse it (the message is NewStore's answer).</exception>
    public JsonObject RegisterIntegration(string id, string callbackUrl, string? apiKey, IReadOnlyList<string>? eventFilter = null)
    {
        var callback = new JsonObject { ["callback_url"] = callbackUrl };
        if (apiKey is not null)
        {
            callback["api_key"] = apiKey;
        }

        var body = new JsonObject { ["id"] = id, ["integration_type"] = "permanent", ["callback_parameters"] = callback };
        if (eventFilter is not null)
        {
            body["filter_conditions"] = new JsonObject { ["event_filter"] = new JsonArray([.. eventFilter.Select(e => (JsonNode?)e)]), ["entity_filter"] = new JsonArray() };
        }

        var response = _state.RegisterIntegration(NewStoreJson.Serialize(body));
        return response.StatusCode == 201 ? (JsonObject)response.Body! : throw new InvalidOperationException(NewStoreJson.Serialize(response.Body!));
    }

    /// <summary>The integration as the configuration API shows it, or null.</summary>
    public JsonObject? GetIntegration(string id) => _state.Integration(id);

    /// <summary>
    /// The next <paramref name="count"/> requests (matching <paramref name="pathFilter"/>, a path prefix such as
    /// <c>/api/v1/org/data/query</c>) fail with <paramref name="statusCode"/> before authentication and without effect:
    /// 429 with <c>Retry-After</c> (whole seconds, rounded up), 5xx with a JSON error, 403 as the IP block with an HTML body.
    /// </summary>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null, string? pathFilter = null) =>
        _state.Faults.Add(count, null, statusCode, retryAfter, drop: false, pathFilter);

    /// <summary>Makes every delivery due now (shuffled when configured); failures are owed again after the retry delay.</summary>
    public Task<IReadOnlyList<NewStoreEventDelivery>> FlushEventsAsync(CancellationToken cancellationToken = default) => _sender.FlushAsync(cancellationToken);

    private void Record(NewStoreRecordedRequest request)
    {
        lock (_requestsGate)
        {
            _requests.Add(request);
            if (_requests.Count > Options.MaxRecorded)
            {
                _requests.RemoveRange(0, _requests.Count - Options.MaxRecorded);
            }
        }
    }

    /// <summary>Stops the server and the sender; owed deliveries are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _sender.DisposeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
