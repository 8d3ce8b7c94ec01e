using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Connector.Sandbox.NewStore;

/// <summary>
/// Sends what the state owes to integrations: one event per POST, <c>Authorization: Bearer &lt;api_key&gt;</c> when the
/// integration has one, in due order or shuffled; a non-2xx answer or no answer is logged and owed again after the
/// retry delay. Sends run one at a time, so awaiting <see cref="FlushAsync"/> means everything due before it was tried.
/// </summary>
internal sealed partial class NewStoreEventSender : IAsyncDisposable
{
    private readonly NewStoreSimulatorState _state;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public NewStoreEventSender(NewStoreSimulatorState state)
    {
        _state = state;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("NewStore-Simulator/1.0");
        _pump = state.Options.AutoDeliver ? Task.Run(PumpAsync) : Task.CompletedTask;
    }

    public async Task<IReadOnlyList<NewStoreEventDelivery>> FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            var attempts = new List<NewStoreEventDelivery>();
            foreach (var (delivery, url, apiKey) in _state.TakeDue())
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url);
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Event.Body));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (apiKey is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                }

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

                if (status is < 200 or > 299)
                {
                    LogDeliveryFailed(_state.Options.Logger, delivery.Event.Name, delivery.Event.Sequence, delivery.IntegrationId, status, delivery.Attempt, _state.Options.RetryDelay);
                }

                // The recorded attempt says whether a key was sent, never the key itself.
                _state.Delivered(delivery, status, apiKey is not null);
                attempts.Add(new NewStoreEventDelivery(delivery.IntegrationId, delivery.Event.Sequence, delivery.Event.Name, delivery.Attempt, status, _state.Options.TimeProvider.GetUtcNow(), apiKey is not null));
            }

            _state.StopFinishedTemporaries();
            return attempts;
        }
        finally
        {
            _sending.Release();
        }
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
            // The pump ends by cancellation; undelivered events are dropped with the simulator.
        }

        _http.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }

    private async Task PumpAsync()
    {
        using var timer = new PeriodicTimer(_state.Options.DeliveryInterval);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            await FlushAsync(_stop.Token);
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning,
        Message = "NewStore simulator: {EventName} #{Sequence} to integration {IntegrationId} answered {Status} (attempt {Attempt}); retrying in {RetryDelay}")]
    private static partial void LogDeliveryFailed(ILogger logger, string eventName, long sequence, string integrationId, int status, int attempt, TimeSpan retryDelay);
}
