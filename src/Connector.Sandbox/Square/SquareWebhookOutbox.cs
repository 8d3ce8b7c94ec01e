using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Connector.Sandbox.Square;

/// <summary>
/// Queues webhook events and delivers them signed to the notification URL, optionally duplicated and shuffled the way
/// Square's at-least-once, unordered delivery can. Flushes run one at a time, so awaiting a flush is a signal that
/// everything queued before it has been delivered, also when a background pump is delivering.
/// </summary>
internal sealed class SquareWebhookOutbox : IAsyncDisposable
{
    private readonly SquareSimulatorOptions _options;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly List<SquareWebhookEvent> _pending = [];
    private readonly List<SquareWebhookDelivery> _deliveries = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _shuffle;
    private readonly Task _pump;

    public SquareWebhookOutbox(SquareSimulatorOptions options)
    {
        _options = options;

        // Square gives a receiver 10 seconds to answer.
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
#pragma warning disable CA5394 // Reproducible shuffles for tests, not security.
        _shuffle = new Random(options.WebhookSeed);
#pragma warning restore CA5394
        _pump = options.AutoDeliver ? Task.Run(PumpAsync) : Task.CompletedTask;
    }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public IReadOnlyList<SquareWebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.ToArray();
            }
        }
    }

    public void Enqueue(SquareWebhookEvent webhookEvent)
    {
        lock (_gate)
        {
            _pending.Add(webhookEvent);
        }

        if (_options.AutoDeliver)
        {
            _wake.Release();
        }
    }

    public async Task<IReadOnlyList<SquareWebhookDelivery>> FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            List<(SquareWebhookEvent Event, int Retry)> batch;
            lock (_gate)
            {
                batch = _pending.SelectMany(e => Enumerable.Range(0, 1 + _options.WebhookDuplicates).Select(retry => (e, retry))).ToList();
                _pending.Clear();
                if (_options.ShuffleWebhooks)
                {
#pragma warning disable CA5394 // Reproducible shuffles for tests, not security.
                    var shuffled = batch.ToArray();
                    _shuffle.Shuffle(shuffled);
#pragma warning restore CA5394
                    batch = [.. shuffled];
                }
            }

            var results = new List<SquareWebhookDelivery>(batch.Count);
            foreach (var (webhookEvent, retry) in batch)
            {
                results.Add(await DeliverAsync(webhookEvent, retry, cancellationToken));
            }

            return results;
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>POSTs the event's exact body with Square's headers; a receiver that cannot be reached counts as status 0.</summary>
    public async Task<SquareWebhookDelivery> DeliverAsync(SquareWebhookEvent webhookEvent, int retryNumber, CancellationToken cancellationToken)
    {
        var url = _options.WebhookNotificationUrl
            ?? throw new InvalidOperationException("WebhookNotificationUrl is not configured, so there is nowhere to deliver webhooks.");
        var body = Encoding.UTF8.GetBytes(webhookEvent.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SquareWebhookSignature.HeaderName, SquareWebhookSignature.Compute(_options.WebhookSignatureKey, url, body));
        request.Headers.TryAddWithoutValidation("square-environment", "Sandbox");
        request.Headers.TryAddWithoutValidation("square-initial-delivery-timestamp", SquareJson.Time(_options.TimeProvider.GetUtcNow()));
        if (retryNumber > 0)
        {
            request.Headers.TryAddWithoutValidation("square-retry-number", retryNumber.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("square-retry-reason", "http_timeout");
        }

        request.Headers.UserAgent.ParseAdd("Square-Simulator/1.0");
        int status;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            status = 0;
        }

        var delivery = new SquareWebhookDelivery(webhookEvent.EventId, webhookEvent.Type, webhookEvent.ObjectId, retryNumber, status, _options.TimeProvider.GetUtcNow());
        lock (_gate)
        {
            _deliveries.Add(delivery);
            if (_deliveries.Count > _options.MaxRecordedRequests)
            {
                _deliveries.RemoveRange(0, _deliveries.Count - _options.MaxRecordedRequests);
            }
        }

        return delivery;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // The pump ends by cancellation; nothing was lost that a caller waited for.
        }

        _http.Dispose();
        _stop.Dispose();
        _flushing.Dispose();
        _wake.Dispose();
    }

    private async Task PumpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await _wake.WaitAsync(_stop.Token);
            await FlushAsync(_stop.Token);
        }
    }
}
