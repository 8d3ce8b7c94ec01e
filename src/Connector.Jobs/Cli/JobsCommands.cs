using System.CommandLine;
using Connector.Jobs.Dashboard;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs.Cli;

/// <summary>
/// <c>jobs list|show|retry|delete|search|hash-password</c>: the dashboard's everyday operations for people without a browser, on
/// Hangfire's monitoring API, the connector's key table and the dashboard's bulk action over failed jobs. Every
/// change is written to <c>jobs.dashboard_audit</c> as <c>cli:&lt;OS user&gt;</c>. Exit codes: 0 done, 1 not found or
/// refused, 2 bad usage.
/// </summary>
public static class JobsCommands
{
    /// <summary>
    /// The <c>jobs</c> command; <paramref name="services"/> builds a provider with <c>AddConnectorJobs</c> done;
    /// <paramref name="input"/> is where <c>hash-password</c> reads (standard input unless a test says otherwise).
    /// </summary>
    public static Command Create(Func<ServiceProvider> services, TextReader? input = null)
    {
        var jobs = new Command("jobs", "Look at, replay and delete jobs (the dashboard is at /hangfire).");
        jobs.Action = new VerbAction((_, _) => throw new VerbUsageException("Say what to do: list, show, retry, delete or search."));

        var state = new Option<string>("--state") { Description = "failed, enqueued, scheduled, processing, succeeded or deleted.", DefaultValueFactory = _ => "failed" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List jobs in a state.") { state, limit };
        list.Action = new VerbAction(async (parse, _) =>
        {
            var stateName = parse.GetValue(state)!.ToLowerInvariant();
            if (stateName is not ("failed" or "scheduled" or "processing" or "succeeded" or "deleted" or "enqueued"))
            {
                throw new VerbUsageException($"Unknown state '{parse.GetValue(state)}'; use failed, enqueued, scheduled, processing, succeeded or deleted.");
            }

            await using var provider = services();
            var monitoring = provider.GetRequiredService<JobStorage>().GetMonitoringApi();
            var count = parse.GetValue(limit);
            IEnumerable<(string Id, string? Name, string? Detail)> rows = stateName switch
            {
                "failed" => monitoring.FailedJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"{j.Value.FailedAt:u} {j.Value.ExceptionMessage}")),
                "scheduled" => monitoring.ScheduledJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"at {j.Value.EnqueueAt:u}")),
                "processing" => monitoring.ProcessingJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"since {j.Value.StartedAt:u} on {j.Value.ServerId}")),
                "succeeded" => monitoring.SucceededJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"{j.Value.SucceededAt:u}")),
                "deleted" => monitoring.DeletedJobs(0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"{j.Value.DeletedAt:u}")),
                _ => monitoring.Queues().SelectMany(q => monitoring.EnqueuedJobs(q.Name, 0, count).Select(j => (j.Key, j.Value.Job?.ToString(), (string?)$"queue {q.Name}"))),
            };
            foreach (var (id, name, detail) in rows)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{id}\t{name}\t{detail}");
            }

            return VerbAction.Done;
        });

        var id = new Argument<string>("id") { Description = "A Hangfire job id." };
        var show = new Command("show", "Show one job: state, reason, retries and its last error.") { id };
        show.Action = new VerbAction(async (parse, _) =>
        {
            await using var provider = services();
            if (provider.GetRequiredService<JobSearch>().Describe(parse.GetValue(id)!, null) is not { } job)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No job {parse.GetValue(id)}.");
                return VerbAction.RefusedOrNotFound;
            }

            await WriteAsync(parse.InvocationConfiguration.Output, job);
            return VerbAction.Done;
        });

        var key = new Argument<string>("key") { Description = "A business key (square:order:ORD1), a key prefix ending in ':' or a job id." };
        var search = new Command("search", "Find the jobs of an order, refund or return.") { key };
        search.Action = new VerbAction(async (parse, cancellationToken) =>
        {
            await using var provider = services();
            var found = await provider.GetRequiredService<JobSearch>().FindAsync(parse.GetValue(key)!, 50, cancellationToken);
            foreach (var job in found)
            {
                await WriteAsync(parse.InvocationConfiguration.Output, job);
            }

            if (found.Count == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No job found for '{parse.GetValue(key)}'.");
            }

            return found.Count == 0 ? VerbAction.RefusedOrNotFound : VerbAction.Done;
        });

        jobs.Subcommands.Add(list);
        jobs.Subcommands.Add(show);
        jobs.Subcommands.Add(Retry(services));
        jobs.Subcommands.Add(Delete(services));
        jobs.Subcommands.Add(search);
        jobs.Subcommands.Add(HashPassword(input));
        return jobs;
    }

    /// <summary>
    /// <c>jobs hash-password</c>: the value for <c>Dashboard:Users:N:PasswordHash</c>. The password is read from standard
    /// input, never from an argument, so it stays out of shell history and process lists; typed at a terminal it is
    /// not echoed.
    /// </summary>
    private static Command HashPassword(TextReader? input)
    {
        var hash = new Command("hash-password", "Read a password from standard input and print its hash for Dashboard:Users:N:PasswordHash.");
        hash.Action = new VerbAction(async (parse, cancellationToken) =>
        {
            var password = input is null && !Console.IsInputRedirected
                ? ReadHidden(parse.InvocationConfiguration.Error)
                : await (input ?? Console.In).ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("No password given; nothing done.");
                return VerbAction.RefusedOrNotFound;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(DashboardPasswordHasher.Hash(password));
            return VerbAction.Done;
        });
        return hash;
    }

    private static string ReadHidden(TextWriter prompt)
    {
        prompt.Write("Password: ");
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        prompt.WriteLine();
        return password.ToString();
    }

    /// <summary><c>jobs retry &lt;id&gt;</c> requeues one failed job; <c>jobs retry --failed [filters]</c> every match.</summary>
    private static Command Retry(Func<ServiceProvider> services)
    {
        var id = new Argument<string?>("id") { Description = "A failed job's Hangfire id (or use --failed).", Arity = ArgumentArity.ZeroOrOne };
        var bulk = new FailedJobsOptions();
        var retry = new Command("retry", "Requeue a failed job, or with --failed every failed job matching the filters.") { id };
        bulk.AddTo(retry);
        retry.Action = new VerbAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (OneJobOrFailed(parse, id, bulk) is { } jobId)
            {
                await using var one = services();
                var requeued = one.GetRequiredService<JobSearch>().Describe(jobId, null) is not null
                    && one.GetRequiredService<IBackgroundJobClientV2>().ChangeState(jobId, new EnqueuedState { Reason = $"Requeued from the command line by {Environment.UserName}" }, FailedState.StateName);
                if (!requeued)
                {
                    await error.WriteLineAsync($"Job {jobId} is not failed (or does not exist); nothing done.");
                    return VerbAction.RefusedOrNotFound;
                }

                await AuditAsync(one, "jobs retry", [jobId], null, error);
                await output.WriteLineAsync($"Job {jobId} requeued.");
                return VerbAction.Done;
            }

            await using var provider = services();
            return await RunFailedBulkAsync(provider, bulk.Filter(parse), FailedJobsBulkAction.Requeue, "jobs retry --failed", "Requeued", null, output, error, cancellationToken);
        });
        return retry;
    }

    /// <summary>
    /// <c>jobs delete &lt;id&gt;</c> deletes one job (any state but Deleted); <c>jobs delete --failed [filters]</c> counts
    /// the matching failed jobs and deletes them only with <c>--yes</c>.
    /// </summary>
    private static Command Delete(Func<ServiceProvider> services)
    {
        var id = new Argument<string?>("id") { Description = "A Hangfire job id (or use --failed).", Arity = ArgumentArity.ZeroOrOne };
        var yes = new Option<bool>("--yes") { Description = "With --failed: delete the matches; without it only their count is printed." };
        var bulk = new FailedJobsOptions();
        var delete = new Command("delete", "Delete a job, or with --failed (and --yes) every failed job matching the filters.") { id, yes };
        bulk.AddTo(delete);
        delete.Action = new VerbAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (OneJobOrFailed(parse, id, bulk) is { } jobId)
            {
                if (parse.GetResult(yes) is { Implicit: false })
                {
                    throw new VerbUsageException("--yes goes with --failed; one job is deleted without it.");
                }

                await using var one = services();
                var state = one.GetRequiredService<JobSearch>().Describe(jobId, null)?.State;
                // The current state is the expected one, so a job that moved on meanwhile (e.g. was just retried) is left alone.
                if (state is null || state == DeletedState.StateName
                    || !one.GetRequiredService<IBackgroundJobClientV2>().ChangeState(jobId, new DeletedState { Reason = $"Deleted from the command line by {Environment.UserName}" }, state))
                {
                    await error.WriteLineAsync(state == DeletedState.StateName ? $"Job {jobId} is already deleted; nothing done." : $"No job {jobId} (or it changed state meanwhile); nothing done.");
                    return VerbAction.RefusedOrNotFound;
                }

                await AuditAsync(one, "jobs delete", [jobId], $"was {state}", error);
                await output.WriteLineAsync($"Job {jobId} deleted (was {state}).");
                return VerbAction.Done;
            }

            await using var provider = services();
            return await RunFailedBulkAsync(provider, bulk.Filter(parse), FailedJobsBulkAction.Delete, "jobs delete --failed", "Deleted",
                parse.GetValue(yes) ? null : "Nothing deleted: add --yes to delete them.", output, error, cancellationToken);
        });
        return delete;
    }

    /// <summary>The one job id given, or null for <c>--failed</c>; anything else is bad usage.</summary>
    private static string? OneJobOrFailed(ParseResult parse, Argument<string?> id, FailedJobsOptions bulk)
    {
        var jobId = parse.GetValue(id);
        var failed = parse.GetValue(bulk.Failed);

        // An option System.CommandLine does not know lands in the optional id argument.
        if (jobId is ['-', ..])
        {
            throw new VerbUsageException($"Unrecognized option '{jobId}'.");
        }

        if (jobId is not null && failed)
        {
            throw new VerbUsageException("Give a job id or --failed, not both.");
        }

        if (jobId is null && !failed)
        {
            throw new VerbUsageException("Give a job id, or --failed to act on every failed job matching the filters.");
        }

        if (!failed && bulk.AnyFilter(parse))
        {
            throw new VerbUsageException("--type, --queue, --error, --from and --to go with --failed.");
        }

        return jobId;
    }

    // Built on the provider's storage and client, as the dashboard's bulk page builds it on its own.
    /// <summary>
    /// Counts the failed jobs <paramref name="filter"/> matches and prints the count, then (unless
    /// <paramref name="refusal"/> says why not) changes them in batches and audits what changed.
    /// </summary>
    private static async Task<int> RunFailedBulkAsync(
        ServiceProvider provider, FailedJobsFilter filter, FailedJobsBulkAction action, string verb, string done, string? refusal,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var failed = Bulk(provider);
        var count = failed.Count(filter, cancellationToken);
        if (count == 0)
        {
            await error.WriteLineAsync($"No failed job matches {filter.Describe()}; nothing done.");
            return VerbAction.RefusedOrNotFound;
        }

        await output.WriteLineAsync($"{count} failed job(s) match {filter.Describe()}.");
        if (refusal is not null)
        {
            await error.WriteLineAsync(refusal);
            return VerbAction.RefusedOrNotFound;
        }

        var result = failed.Run(filter, action, CancellationToken.None);
        await AuditAsync(provider, verb, result.ChangedIds, $"{filter.Describe()}; matched {result.Matched}, changed {result.Changed}", error);
        await output.WriteLineAsync($"{done} {result.Changed} of {result.Matched} job(s).");
        return VerbAction.Done;
    }

    private static FailedJobsBulk Bulk(ServiceProvider provider) =>
        new(provider.GetRequiredService<JobStorage>(), provider.GetRequiredService<IBackgroundJobClient>());

    /// <summary>
    /// One audit row per change, as the dashboard writes them. The change is already made: a failed write is reported
    /// on the error stream but does not turn the command into a failure, so a script does not redo the change.
    /// </summary>
    private static async Task AuditAsync(ServiceProvider provider, string action, IReadOnlyList<string> jobIds, string? detail, TextWriter error)
    {
        var audit = provider.GetService<DashboardAuditLog>() ?? new DashboardAuditLog(provider.GetRequiredService<NpgsqlDataSource>());
        var now = (provider.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        try
        {
            await audit.WriteAsync(new DashboardAuditEntry(now, Actor, action, jobIds, jobIds.Count, detail, null), CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            await error.WriteLineAsync($"Warning: the change was made but could not be audited ({e.Message}).");
        }
    }

    /// <summary>Who the audit says acted: the operating-system user running the command.</summary>
    internal static string Actor => "cli:" + Environment.UserName;

    private static Task WriteAsync(TextWriter output, JobSummary job) =>
        output.WriteLineAsync($"{job.Id}\t{job.Key ?? "-"}\t{job.State}\tcreated {job.CreatedAt:u}\tretries {job.Retries}\t{job.Reason}{(job.LastError is null ? "" : "\tlast error: " + job.LastError)}");
}
