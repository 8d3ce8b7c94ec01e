namespace Connector.Http;

/// <summary>A bearer token and when to stop reusing it.</summary>
internal sealed record IssuedToken(string Value, DateTimeOffset RefreshAt)
{
    /// <summary>
    /// When a token requested at <paramref name="requestedAt"/> that lives <paramref name="lifetime"/> should be renewed:
    /// <paramref name="margin"/> before it expires, so it cannot expire between being handed out and being checked; for
    /// a short lifetime at most half of it, so the cache still saves requests. No lifetime: use it for one call.
    /// </summary>
    public static DateTimeOffset Renewal(DateTimeOffset requestedAt, TimeSpan lifetime, TimeSpan margin) =>
        requestedAt + lifetime - (margin < lifetime / 2 ? margin : lifetime / 2);

    /// <summary>Keeps the token out of anything that prints the record.</summary>
    public override string ToString() => $"token until {RefreshAt:O}";
}

/// <summary>
/// A process's access token for one remote service, cached until its <see cref="IssuedToken.RefreshAt"/>. One token
/// request is in flight at a time: every caller that finds no usable token waits for the same request, so 50 calls on
/// a cold cache cost one token request, and 50 calls refused with the same expired token cost one renewal. Two
/// requests start at least <paramref name="minInterval"/> apart.
/// </summary>
/// <param name="fetch">Requests a token; bounded by its client's own timeouts, never by one caller's cancellation.</param>
/// <param name="time">The clock the cache and the interval are read on.</param>
/// <param name="minInterval">The least time between the starts of two token requests (zero: none).</param>
internal sealed class SingleFlightToken(Func<Task<IssuedToken>> fetch, TimeProvider time, TimeSpan minInterval)
{
    private readonly Lock _gate = new();
    private IssuedToken? _current;
    private Task<IssuedToken>? _pending;
    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;

    /// <summary>A token to send: the cached one while it is fresh, otherwise a new one.</summary>
    public Task<string> GetAsync(CancellationToken cancellationToken) => TokenAsync(rejected: null, cancellationToken);

    /// <summary>
    /// A token other than <paramref name="rejected"/>, which the service refused: a newer cached one if another caller
    /// already renewed it, otherwise a new one.
    /// </summary>
    public Task<string> RenewAsync(string rejected, CancellationToken cancellationToken) => TokenAsync(rejected, cancellationToken);

    private async Task<string> TokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        Task<IssuedToken> wait;
        lock (_gate)
        {
            if (_current is { } token && token.Value != rejected && time.GetUtcNow() < token.RefreshAt)
            {
                return token.Value;
            }

            // The shared request is not tied to one caller's cancellation: each waits with its own.
            wait = _pending ??= RequestAsync();
        }

        return (await wait.WaitAsync(cancellationToken)).Value;
    }

    private async Task<IssuedToken> RequestAsync()
    {
        // Off the caller's stack, so the lock above is released before anything runs and the pending request is set
        // before it can complete and clear itself.
        await Task.Yield();
        try
        {
            var since = time.GetUtcNow() - _lastRequest;
            if (since < minInterval)
            {
                await Task.Delay(minInterval - since, time);
            }

            _lastRequest = time.GetUtcNow();
            var issued = await fetch();
            lock (_gate)
            {
                _current = issued;
            }

            return issued;
        }
        finally
        {
            lock (_gate)
            {
                _pending = null;
            }
        }
    }
}
