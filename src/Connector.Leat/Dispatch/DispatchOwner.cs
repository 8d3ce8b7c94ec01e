using System.Runtime.CompilerServices;

namespace Connector.Leat.Dispatch;

/// <summary>
/// The identity this process's dispatch claims are held under (one per DI container). Its row in
/// <c>leat.dispatch_owner</c>, kept fresh by the heartbeat hosted service, is what tells other processes the
/// claims are live; without it (no host running the heartbeat) other processes treat the claims as abandoned,
/// while this process still never takes over its own live claims.
/// </summary>
public sealed class DispatchOwner
{
    // A Guid is too wide to swap atomically; a boxed one is read and replaced as one reference.
    private volatile StrongBox<Guid> _id = new(Guid.NewGuid());
    private int _abandoned;

    public DispatchOwner(TimeProvider clock)
    {
        StartedAt = clock.GetUtcNow();
    }

    /// <summary>The owner id claims are recorded under now. Changes when the heartbeat registers afresh.</summary>
    public Guid Id => _id.Value;

    /// <summary>When this process's dispatcher was created.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The machine name recorded with the owner row, for ops.</summary>
    public string Host { get; } = Environment.MachineName;

    /// <summary>True once <see cref="Abandon"/> was called and the heartbeat has not yet registered a new id.</summary>
    internal bool IsAbandoned => Volatile.Read(ref _abandoned) == 1;

    /// <summary>
    /// Says claims under the current id may be stranded — an outcome could not be written, or a heartbeat failed
    /// (the database may have restarted) — so the next heartbeat registers a new id and deletes the old row.
    /// Every claim under the old id then becomes takeable, by other processes and by this one.
    /// </summary>
    internal void Abandon() => Volatile.Write(ref _abandoned, 1);

    /// <summary>Starts a new owner id; returns the old one.</summary>
    internal Guid Renew()
    {
        Volatile.Write(ref _abandoned, 0);
        return Interlocked.Exchange(ref _id, new StrongBox<Guid>(Guid.NewGuid())).Value;
    }
}
