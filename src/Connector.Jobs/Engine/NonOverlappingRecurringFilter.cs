using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Engine;

/// <summary>
/// A recurring job's firing while the previous one still runs — on any instance — is skipped (Succeeded, with a log
/// line), not run twice and not Failed as Hangfire's <c>DisableConcurrentExecution</c> would leave it. The run holds
/// a session advisory lock on its own connection, which PostgreSQL releases when a killed process's session ends.
/// </summary>
internal sealed partial class NonOverlappingRecurringFilter(JobRegistry registry, NpgsqlDataSource dataSource, ILogger<NonOverlappingRecurringFilter> logger) : JobFilterAttribute, IServerFilter
{
    private const string LockItem = "connector:recurring-lock";

    // The first key of the two-part advisory lock: "Rcur". The schema migrator uses a one-part key, so they never meet.
    private const int LockClass = 0x52637572;

    public void OnPerforming(PerformingContext context)
    {
        if (registry.Find(context.BackgroundJob.Job?.Type) is not RecurringJobRegistration recurring)
        {
            return;
        }

        var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@id))", connection);
        command.Parameters.AddWithValue("class", LockClass);
        command.Parameters.AddWithValue("id", recurring.Id);
        if ((bool)command.ExecuteScalar()!)
        {
            context.Items[LockItem] = connection;
            return;
        }

        connection.Dispose();
        LogSkipped(logger, recurring.Id, context.BackgroundJob.Id);
        context.Canceled = true;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(LockItem, out var held) && held is NpgsqlConnection connection && registry.Find(context.BackgroundJob.Job?.Type) is RecurringJobRegistration recurring)
        {
            using (connection)
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@id))", connection);
                command.Parameters.AddWithValue("class", LockClass);
                command.Parameters.AddWithValue("id", recurring.Id);
                command.ExecuteNonQuery();
            }
        }
    }

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Recurring job {RecurringId} skipped this firing (job {JobId}): the previous one is still running")]
    private static partial void LogSkipped(ILogger logger, string recurringId, string jobId);
}
