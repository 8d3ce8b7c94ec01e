using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Sandbox.Square;

/// <summary>
/// A loopback simulator of the Square endpoints the connector reads (orders, search, batch-retrieve, refunds,
/// payments, customers) that also sends signed webhooks to the connector. Sales and returns are created through
/// <see cref="CreateSale"/> and <see cref="CreateReturn"/>, which derive every money field the way Square does and
/// link returns to sales the way Square does (a separate return order; the refund points at that order). It shares
/// no types with the product, so a wrong product model cannot agree with it.
/// </summary>
public sealed class SquareSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SquareSimulatorState _state;
    private readonly SquareWebhookOutbox _outbox;
    private int _disposed;

    private SquareSimulator(WebApplication app, SquareSimulatorState state, SquareWebhookOutbox outbox, Uri baseAddress)
    {
        _app = app;
        _state = state;
        _outbox = outbox;
        BaseAddress = baseAddress;
    }

    /// <summary>Root of the server (<c>http://127.0.0.1:port/</c>), the equivalent of <c>https://connect.squareup.com/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options the simulator runs with.</summary>
    public SquareSimulatorOptions Options => _state.Options;

    /// <summary>Every request received (newest last, capped at <see cref="SquareSimulatorOptions.MaxRecordedRequests"/>).</summary>
    public IReadOnlyList<SquareRecordedRequest> Requests => _state.Requests;

    /// <summary>Every webhook delivery attempt made.</summary>
    public IReadOnlyList<SquareWebhookDelivery> WebhookDeliveries => _outbox.Deliveries;

    /// <summary>Events queued by state changes and not yet delivered.</summary>
    public int PendingWebhooks => _outbox.Pending;

    /// <summary>All order ids (sales and return orders) in creation order.</summary>
    public IReadOnlyList<string> OrderIds => _state.OrderIds;

    /// <summary>All refund ids in creation order.</summary>
    public IReadOnlyList<string> RefundIds => _state.RefundIds;

    /// <summary>Starts the simulator on 127.0.0.1 (port from the options, 0 = any free port).</summary>
    public static async Task<SquareSimulator> StartAsync(SquareSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new SquareSimulatorState(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        SquareSimulatorRoutes.Map(app, state);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var outbox = new SquareWebhookOutbox(options);
        if (options.AutoWebhooks)
        {
            state.EventRaised = outbox.Enqueue;
        }

        return new SquareSimulator(app, state, outbox, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Adds a customer profile; returns its id.</summary>
    public string AddCustomer(string? email = null, string? givenName = null) => _state.AddCustomer(email, givenName);

    /// <summary>Creates a COMPLETED, fully paid sale; returns the order id.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent (unknown customer, location, uid; no lines; …).</exception>
    public string CreateSale(SaleSpec spec) => _state.CreateSale(spec);

    /// <summary>Creates a return order for (part of) a sale, an amount-only refund, an unlinked return or an exchange, and its refund.</summary>
    /// <exception cref="InvalidOperationException">It would return more than is left of the sale.</exception>
    public SquareReturnResult CreateReturn(ReturnSpec spec) => _state.CreateReturn(spec);

    /// <summary>Moves a PENDING refund to COMPLETED (raises <c>refund.updated</c> when webhooks are automatic).</summary>
    public void CompleteRefund(string refundId) => _state.CompleteRefund(refundId);

    /// <summary>A copy of an order as RetrieveOrder returns it, or null.</summary>
    public JsonObject? GetOrder(string orderId) => _state.Order(orderId);

    /// <summary>A copy of a refund as GetPaymentRefund returns it, or null.</summary>
    public JsonObject? GetRefund(string refundId) => _state.Refund(refundId);

    /// <summary>A copy of a customer, or null.</summary>
    public JsonObject? GetCustomer(string customerId) => _state.Customer(customerId);

    /// <summary>
    /// Builds a webhook event for an object as it is now (<c>order.created</c>, <c>order.updated</c>,
    /// <c>refund.created</c>, <c>refund.updated</c>, <c>payment.created</c>, <c>payment.updated</c> — the payment id is the
    /// sale's tender id — <c>customer.created</c>, <c>customer.updated</c>). The body is fixed at this moment.
    /// </summary>
    public SquareWebhookEvent CreateWebhookEvent(string eventType, string objectId) => _state.CreateEvent(eventType, objectId);

    /// <summary>Builds the event and delivers it once; returns the receiver's HTTP status (0 when unreachable).</summary>
    public async Task<int> SendWebhookAsync(string eventType, string objectId, CancellationToken cancellationToken = default) =>
        (await DeliverWebhookAsync(CreateWebhookEvent(eventType, objectId), 0, cancellationToken)).Status;

    /// <summary>Delivers an event (again: same <c>event_id</c>, same body); <paramref name="retryNumber"/> &gt; 0 adds Square's retry headers.</summary>
    public Task<SquareWebhookDelivery> DeliverWebhookAsync(SquareWebhookEvent webhookEvent, int retryNumber = 0, CancellationToken cancellationToken = default) =>
        _outbox.DeliverAsync(webhookEvent, retryNumber, cancellationToken);

    /// <summary>Adds an event to the queue delivered by <see cref="FlushWebhooksAsync"/> (or the background pump).</summary>
    public void EnqueueWebhook(SquareWebhookEvent webhookEvent) => _outbox.Enqueue(webhookEvent);

    /// <summary>
    /// Delivers every queued event, each <c>1 + WebhookDuplicates</c> times, shuffled when <c>ShuffleWebhooks</c> is on;
    /// when it returns, everything queued before the call has been delivered.
    /// </summary>
    public Task<IReadOnlyList<SquareWebhookDelivery>> FlushWebhooksAsync(CancellationToken cancellationToken = default) => _outbox.FlushAsync(cancellationToken);

    /// <summary>
    /// The next <paramref name="count"/> requests (matching <paramref name="pathFilter"/>, a path prefix such as
    /// <c>/v2/orders/search</c>) fail with <paramref name="statusCode"/> in Square's error shape, before authentication
    /// and without effect; <paramref name="retryAfter"/> adds <c>Retry-After</c> in whole seconds, rounded up.
    /// </summary>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null, string? pathFilter = null) =>
        _state.Faults.Add(count, null, statusCode, retryAfter, drop: false, pathFilter);

    /// <summary>The next <paramref name="count"/> matching requests are held for <paramref name="delay"/> before being answered.</summary>
    public void DelayNext(int count, TimeSpan delay, string? pathFilter = null) => _state.Faults.Add(count, delay, null, null, drop: false, pathFilter);

    /// <summary>Drops all armed faults.</summary>
    public void ClearFaults() => _state.Faults.Clear();

    /// <summary>Forgets recorded requests.</summary>
    public void ClearRequests() => _state.ClearRequests();

    /// <summary>How many recorded requests had this method and a path starting with <paramref name="pathPrefix"/>.</summary>
    public int CallCount(string method, string pathPrefix) =>
        _state.Requests.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    /// <summary>Stops the server and the webhook pump; queued, undelivered events are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _outbox.DisposeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
