using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Leat.Dispatch;

/// <summary>
/// Keeps this process's row in <c>leat.dispatch_owner</c> fresh every <see cref="DispatchOptions.OwnerHeartbeatInterval"/>,
/// so other processes leave its claims alone, and deletes it on clean shutdown, so they need not wait for it.
/// </summary>
/// <remarks>
/// When a beat fails (the database restarted or was unreachable), when a dispatch could not write its outcome, or
/// when the row is gone or already stale (cleaned up, or this process stalled past <see cref="DispatchOptions.OwnerTimeout"/>),
/// the next beat registers a <em>new</em> owner id and deletes the old row instead of reviving it. An id that may
/// have been judged dead stays dead, so claims stranded under it (an outcome write that failed while the database
/// was down) are taken over at once rather than after <see cref="DispatchOptions.ClaimTimeout"/>, by any process
/// including this one. If such a claim was in fact still being worked on, the takeover is safe: the taker looks
/// before resending (an order via <c>GET /orders/find</c>, a return by Leat's duplicate-identifier rejection,
/// which the dispatcher records as done, as it does for an order Leat rejects as a duplicate), and the old
/// holder's outcome write matches no row, because outcomes are written <c>WHERE claim_token = @token</c>.
/// </remarks>
internal sealed partial class DispatchOwnerHeartbeat(
    NpgsqlDataSource dataSource,
    DispatchOwner owner,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<DispatchOwnerHeartbeat> logger) : IHostedService, IAsyncDisposable
{
    private readonly DispatchOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private bool _registered;
    private Task? _loop;

    /// <summary>Raised after every beat, successful or not (for tests that wait for the loop).</summary>
    internal event Action<bool>? Beaten;

    /// <summary>Registers before anything else in the host starts, so no claim is made under an unregistered id.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryBeatAsync(cancellationToken);
        _loop = RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        // Claims still held are given up with the process: peers may take them at once instead of after OwnerTimeout.
        try
        {
            await using var command = dataSource.CreateCommand("DELETE FROM leat.dispatch_owner WHERE owner_id = @id");
            command.Parameters.AddWithValue("id", owner.Id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            _registered = false;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // Not fatal: the row goes stale and peers take over after OwnerTimeout.
            LogUnregisterFailed(logger, owner.Id, e.Message);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.OwnerHeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await TryBeatAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One beat as the loop runs it: a failure is logged and abandons the owner id, never thrown.</summary>
    internal async Task TryBeatAsync(CancellationToken cancellationToken)
    {
        var ok = false;
        try
        {
            await BeatAsync(cancellationToken);
            ok = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever failed, the loop must go on beating. The database may have restarted while claims were in
            // flight, so their outcomes may not have been written: the next beat registers a new id.
            owner.Abandon();
            LogBeatFailed(logger, owner.Id, e.Message);
        }

        Beaten?.Invoke(ok);
    }

    /// <summary>
    /// One beat: refreshes the row, or registers a new owner id when there is none yet, the old one was abandoned,
    /// or its row is missing or stale; prunes rows of owners dead longer than <see cref="DispatchOptions.ClaimTimeout"/>
    /// (their claims have all expired, and a missing row reads the same as a stale one).
    /// </summary>
    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_registered && !owner.IsAbandoned)
        {
            await using var refresh = dataSource.CreateCommand(
                """
                WITH pruned AS (DELETE FROM leat.dispatch_owner WHERE heartbeat_at < @prune_before AND owner_id <> @id)
                UPDATE leat.dispatch_owner SET heartbeat_at = @now WHERE owner_id = @id AND heartbeat_at >= @stale_before
                """);
            refresh.Parameters.AddWithValue("prune_before", now - _options.ClaimTimeout);
            refresh.Parameters.AddWithValue("id", owner.Id);
            refresh.Parameters.AddWithValue("now", now);
            refresh.Parameters.AddWithValue("stale_before", now - _options.OwnerTimeout);
            if (await refresh.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return;
            }

            owner.Abandon();
        }

        var old = _registered || owner.IsAbandoned ? owner.Renew() : (Guid?)null;
        await using var register = dataSource.CreateCommand(
            """
            WITH gone AS (DELETE FROM leat.dispatch_owner WHERE owner_id = @old)
            INSERT INTO leat.dispatch_owner (owner_id, heartbeat_at, started_at, host) VALUES (@id, @now, @started, @host)
            ON CONFLICT (owner_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at
            """);
        register.Parameters.AddWithValue("old", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)old ?? DBNull.Value);
        register.Parameters.AddWithValue("id", owner.Id);
        register.Parameters.AddWithValue("now", now);
        register.Parameters.AddWithValue("started", owner.StartedAt);
        register.Parameters.AddWithValue("host", owner.Host);
        await register.ExecuteNonQueryAsync(cancellationToken);
        _registered = true;
        if (old is { } previous)
        {
            LogRegisteredAfresh(logger, previous, owner.Id);
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        // The container disposes this twice: once as the singleton, once as the hosted service its factory returned.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Dispatch owner {OwnerId} could not refresh its heartbeat ({Error}); it registers under a new id on the next beat, and its claims may be taken over")]
    private static partial void LogBeatFailed(ILogger logger, Guid ownerId, string error);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Dispatch owner {OldOwnerId} was abandoned or declared dead; registered again as {OwnerId}, and claims under the old id may be taken over")]
    private static partial void LogRegisteredAfresh(ILogger logger, Guid oldOwnerId, Guid ownerId);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Dispatch owner {OwnerId} could not remove its row at shutdown ({Error}); its claims are taken over once it goes stale")]
    private static partial void LogUnregisterFailed(ILogger logger, Guid ownerId, string error);
}
