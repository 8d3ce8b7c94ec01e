namespace Connector.Jobs.Dashboard;

/// <summary>
/// Failed dashboard logins per remote address. After <see cref="MaxFailures"/> failures within <see cref="Window"/> the
/// address may not try again until the oldest of them is <see cref="Window"/> old, so a guesser gets at most
/// <see cref="MaxFailures"/> tries per window. It is checked before the password hash is computed: refused tries cost
/// no guess and no CPU (each hash is slow on purpose). In memory and per instance; a success clears the address.
/// Behind a reverse proxy every user shares the proxy's address unless the host applies forwarded headers.
/// </summary>
internal sealed class DashboardLoginThrottle(TimeProvider time)
{
    /// <summary>Failed logins an address may make within <see cref="Window"/>.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long a failed login counts against its address.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Expired addresses are dropped once this many are tracked, so memory follows the recent attackers, not all of them.
    private const int PruneAt = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must wait before its next try; zero when it may try now.</summary>
    public TimeSpan RetryAfter(string address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_failures.TryGetValue(address, out var recent))
            {
                return TimeSpan.Zero;
            }

            Expire(recent, now);
            if (recent.Count == 0)
            {
                _failures.Remove(address);
                return TimeSpan.Zero;
            }

            return recent.Count >= MaxFailures ? recent.Peek() + Window - now : TimeSpan.Zero;
        }
    }

    /// <summary>Counts a failed login against <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_failures.TryGetValue(address, out var recent))
            {
                if (_failures.Count >= PruneAt)
                {
                    foreach (var (key, stale) in _failures.ToList())
                    {
                        Expire(stale, now);
                        if (stale.Count == 0)
                        {
                            _failures.Remove(key);
                        }
                    }
                }

                _failures[address] = recent = new Queue<DateTimeOffset>(MaxFailures);
            }

            Expire(recent, now);
            recent.Enqueue(now);
            while (recent.Count > MaxFailures)
            {
                recent.Dequeue();
            }
        }
    }

    /// <summary>A successful login: the address starts afresh.</summary>
    public void Succeeded(string address)
    {
        lock (_gate)
        {
            _failures.Remove(address);
        }
    }

    private static void Expire(Queue<DateTimeOffset> recent, DateTimeOffset now)
    {
        while (recent.Count > 0 && recent.Peek() + Window <= now)
        {
            recent.Dequeue();
        }
    }
}
