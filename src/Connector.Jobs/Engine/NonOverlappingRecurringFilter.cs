using System.Collections.Concurrent;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Engine;

/// <summary>
/// A recurring job's firing while the previous one still runs — on any instance — is skipped (Succeeded, with a log
/// line), not run twice and not Failed as Hangfire's <c>DisableConcurrentExecution</c> would leave it. The run holds
/// a session advisory lock on its own connection, which PostgreSQL releases when a killed process's session ends.
/// </summary>
/// <remarks>
/// Hangfire turns a performance a server filter cancelled (<c>PerformingContext.Canceled</c>) into a Deleted job
/// ("Canceled by filter"), which would fill the Deleted list with skips and hide them from the Succeeded one. So the
/// filter remembers the ids it skipped and, when the worker then elects that Deleted state, elects Succeeded instead.
/// The election happens on the same worker right after the performance, so an in-process set suffices; a process
/// that dies in between leaves the job Processing, and Hangfire fetches it again after the invisibility timeout.
/// </remarks>
internal sealed partial class NonOverlappingRecurringFilter(JobRegistry registry, NpgsqlDataSource dataSource, ILogger<NonOverlappingRecurringFilter> logger) : JobFilterAttribute, IServerFilter, IElectStateFilter
{
    private const string LockItem = "connector:recurring-lock";

    // The first key of the two-part advisory lock: "Rcur". The schema migrator uses a one-part key, so they never meet.
    private const int LockClass = 0x52637572;

    private readonly ConcurrentDictionary<string, string> _skipped = new(StringComparer.Ordinal);

    public void OnPerforming(PerformingContext context)
    {
        if (registry.Find(context.BackgroundJob.Job?.Type) is not RecurringJobRegistration recurring)
        {
            return;
        }

        var connection = dataSource.OpenConnection();
        try
        {
            if (TryLock(connection, recurring.Id))
            {
                context.Items[LockItem] = connection;
                return;
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        connection.Dispose();
        LogSkipped(logger, recurring.Id, context.BackgroundJob.Id);
        _skipped[context.BackgroundJob.Id] = recurring.Id;
        context.Canceled = true;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(LockItem, out var held) && held is NpgsqlConnection connection && registry.Find(context.BackgroundJob.Job?.Type) is RecurringJobRegistration recurring)
        {
            context.Items.Remove(LockItem);
            using (connection)
            {
                Unlock(connection, recurring.Id);
            }
        }
    }

    public void OnStateElection(ElectStateContext context)
    {
        // The first election after a skip is the one ending that performance, whatever it elects: forget the id
        // either way, so a skipped job whose end was changed by someone else leaves nothing behind.
        if (_skipped.TryRemove(context.BackgroundJob.Id, out var recurringId) && context.CandidateState is DeletedState)
        {
            context.CandidateState = new SucceededState(null, 0, 0) { Reason = $"Skipped: the previous firing of {recurringId} was still running" };
        }
    }

    private static bool TryLock(NpgsqlConnection connection, string recurringId)
    {
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@id))", connection);
        command.Parameters.AddWithValue("class", LockClass);
        command.Parameters.AddWithValue("id", recurringId);
        return (bool)command.ExecuteScalar()!;
    }

    private static void Unlock(NpgsqlConnection connection, string recurringId)
    {
        using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@id))", connection);
        command.Parameters.AddWithValue("class", LockClass);
        command.Parameters.AddWithValue("id", recurringId);
        command.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Recurring job {RecurringId} skipped this firing (job {JobId}): the previous one is still running")]
    private static partial void LogSkipped(ILogger logger, string recurringId, string jobId);
}
