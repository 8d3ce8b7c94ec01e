using System.CommandLine;
using System.Globalization;
using Connector.Jobs.Admin;
using Connector.Jobs.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs.Cli;

/// <summary>
/// The dashboard's operations on the command line, for people without a browser: <c>jobs list|show|retry|delete|search|
/// recurring|queue|hash-password</c>. Every change goes through <see cref="JobAdmin"/>, so it is guarded and written to
/// the audit log with the actor <c>cli:&lt;OS user&gt;</c>. Exit codes: 0 done, 1 refused or not found, 2 bad usage.
/// </summary>
public static class JobsCommands
{
    /// <summary>
    /// Builds the <c>jobs</c> command. <paramref name="services"/> is called only when a subcommand needs the
    /// database (not for <c>hash-password</c>), and must provide an <see cref="NpgsqlDataSource"/> (and may provide
    /// <see cref="JobAdmin"/> and a <see cref="TimeProvider"/>). <paramref name="input"/> is where
    /// <c>hash-password</c> reads a redirected password from; standard input by default.
    /// </summary>
    public static Command Create(Func<IServiceProvider> services, TextReader? input = null)
    {
        var admin = new Lazy<JobAdmin>(() =>
        {
            var provider = services();
            return provider.GetService<JobAdmin>()
                ?? new JobAdmin(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        var actor = $"cli:{Environment.UserName}";

        var jobs = new Command("jobs", "Inspect and operate the durable job queue.");
        jobs.Subcommands.Add(List(admin));
        jobs.Subcommands.Add(Show(admin));
        jobs.Subcommands.Add(Retry(admin, actor));
        jobs.Subcommands.Add(Delete(admin, actor));
        jobs.Subcommands.Add(Search(admin));
        jobs.Subcommands.Add(Recurring(admin, actor));
        jobs.Subcommands.Add(Queue(admin, actor));
        jobs.Subcommands.Add(HashPassword(input));
        return jobs;
    }

    private static Command List(Lazy<JobAdmin> admin)
    {
        var filter = new FilterOptions(required: true);
        var limit = new Option<int>("--limit") { Description = "Rows to show.", DefaultValueFactory = _ => 50 };
        var before = new Option<long?>("--before") { Description = "Show jobs with a smaller id (the next page)." };
        var command = new Command("list", "List jobs in one state, newest first.");
        filter.AddTo(command);
        command.Options.Add(limit);
        command.Options.Add(before);
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            var page = await admin.Value.ListAsync(filter.Read(result)!, result.GetValue(before), result.GetValue(limit), ct);
            WriteJobs(output, page.Items);
            if (page.NextBefore is { } next)
            {
                await output.WriteLineAsync($"More: add --before {next}");
            }

            return 0;
        });
        return command;
    }

    private static Command Show(Lazy<JobAdmin> admin)
    {
        var id = new Argument<long>("id") { Description = "The job id." };
        var command = new Command("show", "Show a job: arguments, attempts with errors, state history.") { id };
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            var detail = await admin.Value.GetJobAsync(result.GetValue(id), ct);
            if (detail is null)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"There is no job {result.GetValue(id)}.");
                return 1;
            }

            var job = detail.Job;
            await output.WriteLineAsync($"Job {job.Id}  {job.Kind}  [{job.State}]");
            await output.WriteLineAsync($"  queue {job.Queue}, priority {job.Priority}, attempt {job.Attempt} of {job.MaxAttempts}");
            await output.WriteLineAsync($"  business key {job.BusinessKey ?? "-"}, unique key {detail.UniqueKey ?? "-"}, recurring {detail.RecurringId ?? "-"}");
            await output.WriteLineAsync($"  run at {Time(job.RunAt)}, created {Time(job.CreatedAt)}, updated {Time(job.UpdatedAt)}, finished {Time(job.FinishedAt)}");
            await output.WriteLineAsync($"  last error: {job.LastError ?? "-"}");
            await output.WriteLineAsync($"Arguments (version {detail.ArgsVersion}):");
            await output.WriteLineAsync(detail.ArgsJson);
            await output.WriteLineAsync("Attempts:");
            foreach (var attempt in detail.Attempts)
            {
                await output.WriteLineAsync($"  #{attempt.Attempt} on {attempt.Worker} at {Time(attempt.StartedAt)} -> {attempt.Outcome ?? "running"}: {attempt.Error}");
                if (!string.IsNullOrEmpty(attempt.Exception))
                {
                    await output.WriteLineAsync(Indent(attempt.Exception, "      "));
                }
            }

            await output.WriteLineAsync("History:");
            foreach (var change in detail.History)
            {
                await output.WriteLineAsync($"  {Time(change.At)}  {change.State,-10}  {change.Reason}");
            }

            return 0;
        });
        return command;
    }

    private static Command Retry(Lazy<JobAdmin> admin, string actor)
    {
        var id = new Argument<long?>("id") { Description = "The job to retry now (failed or scheduled).", Arity = ArgumentArity.ZeroOrOne };
        var filter = new FilterOptions(required: false);
        var command = new Command("retry", "Retry one job now, or every job matching --state failed|scheduled [--queue] [--kind] [--from] [--to].") { id };
        filter.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var reason = $"Replayed from the command line by {actor}";
            return await OneOrMatchingAsync(
                result,
                result.GetValue(id),
                filter.Read(result),
                jobId => admin.Value.RetryAsync(jobId, actor, reason, ct),
                async f => $"{await admin.Value.RetryMatchingAsync(f, actor, reason, ct)} job(s) enqueued ({f.Describe()}).",
                needsConfirmation: false);
        });
        return command;
    }

    private static Command Delete(Lazy<JobAdmin> admin, string actor)
    {
        var id = new Argument<long?>("id") { Description = "The job to delete (not while processing).", Arity = ArgumentArity.ZeroOrOne };
        var filter = new FilterOptions(required: false);
        var command = new Command("delete", "Delete one job, or every job matching --state [--queue] [--kind] [--from] [--to] --yes.") { id };
        filter.AddTo(command);
        command.Options.Add(filter.Yes);
        command.SetAction(async (result, ct) =>
        {
            var reason = $"Deleted from the command line by {actor}";
            return await OneOrMatchingAsync(
                result,
                result.GetValue(id),
                filter.Read(result),
                jobId => admin.Value.DeleteAsync(jobId, actor, reason, ct),
                async f => $"{await admin.Value.DeleteMatchingAsync(f, actor, reason, ct)} job(s) deleted ({f.Describe()}).",
                needsConfirmation: !result.GetValue(filter.Yes));
        });
        return command;
    }

    private static Command Search(Lazy<JobAdmin> admin)
    {
        var key = new Argument<string>("business-key") { Description = "A business key (exact or prefix), or a job id." };
        var limit = new Option<int>("--limit") { Description = "Rows to show.", DefaultValueFactory = _ => 50 };
        var command = new Command("search", "Find jobs by business key (exact or prefix) or id.") { key, limit };
        command.SetAction(async (result, ct) =>
        {
            var found = await admin.Value.SearchAsync(result.GetValue(key) ?? "", result.GetValue(limit), ct);
            WriteJobs(result.InvocationConfiguration.Output, found);
            return 0;
        });
        return command;
    }

    private static Command Recurring(Lazy<JobAdmin> admin, string actor)
    {
        var recurring = new Command("recurring", "List, trigger, enable or disable recurring jobs.");
        var list = new Command("list", "List recurring jobs with their last and next run.");
        list.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync($"{"ID",-28} {"KIND",-28} {"CRON",-16} {"STATUS",-9} {"LAST RUN",-21} NEXT RUN");
            foreach (var job in await admin.Value.ListRecurringAsync(ct))
            {
                var status = job.Enabled ? job.TriggerRequested ? "triggered" : "enabled" : "disabled";
                await output.WriteLineAsync($"{job.Id,-28} {job.Kind,-28} {job.Cron,-16} {status,-9} {Time(job.LastRunAt),-21} {Time(job.NextRunAt)}");
            }

            return 0;
        });
        recurring.Subcommands.Add(list);
        recurring.Subcommands.Add(RecurringAction("trigger", "Fire a recurring job at the engine's next check.", (id, ct) => admin.Value.TriggerRecurringAsync(id, actor, ct)));
        recurring.Subcommands.Add(RecurringAction("enable", "Enable a recurring job.", (id, ct) => admin.Value.SetRecurringEnabledAsync(id, true, actor, ct)));
        recurring.Subcommands.Add(RecurringAction("disable", "Disable a recurring job.", (id, ct) => admin.Value.SetRecurringEnabledAsync(id, false, actor, ct)));
        return recurring;
    }

    private static Command RecurringAction(string name, string description, Func<string, CancellationToken, Task<AdminResult>> run)
    {
        var id = new Argument<string>("id") { Description = "The recurring job id." };
        var command = new Command(name, description) { id };
        command.SetAction(async (result, ct) => await ReportAsync(result, await run(result.GetValue(id)!, ct)));
        return command;
    }

    private static Command Queue(Lazy<JobAdmin> admin, string actor)
    {
        var queue = new Command("queue", "List, pause or resume queues.");
        var list = new Command("list", "List queues with their counts and pause flag.");
        list.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync($"{"QUEUE",-24} {"STATUS",-8} {"SCHEDULED",10} {"ENQUEUED",10} {"PROCESSING",10} {"FAILED",10}");
            foreach (var q in await admin.Value.ListQueuesAsync(ct))
            {
                await output.WriteLineAsync($"{q.Name,-24} {(q.Paused ? "paused" : "running"),-8} {q.Scheduled,10} {q.Enqueued,10} {q.Processing,10} {q.Failed,10}");
            }

            return 0;
        });
        queue.Subcommands.Add(list);
        foreach (var (verb, paused) in new[] { ("pause", true), ("resume", false) })
        {
            var name = new Argument<string>("name") { Description = "The queue name." };
            var command = new Command(verb, paused ? "Stop the engine taking jobs from a queue." : "Let the engine take jobs from a queue again.") { name };
            command.SetAction(async (result, ct) => await ReportAsync(result, await admin.Value.SetQueuePausedAsync(result.GetValue(name)!, paused, actor, ct)));
            queue.Subcommands.Add(command);
        }

        return queue;
    }

    private static Command HashPassword(TextReader? input)
    {
        var command = new Command(
            "hash-password",
            "Print a salted PBKDF2 hash for Dashboard:Users:N:PasswordHash. Reads the password from standard input when redirected, otherwise prompts without echo.");
        command.SetAction(async (result, ct) =>
        {
            var password = input is not null || Console.IsInputRedirected
                ? await (input ?? Console.In).ReadLineAsync(ct)
                : Prompt(result.InvocationConfiguration.Error);
            if (string.IsNullOrEmpty(password))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("No password given.");
                return 2;
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(DashboardPasswordHasher.Hash(password));
            return 0;
        });
        return command;
    }

    private static async Task<int> OneOrMatchingAsync(
        ParseResult result, long? id, JobFilter? filter, Func<long, Task<AdminResult>> one, Func<JobFilter, Task<string>> matching, bool needsConfirmation)
    {
        var error = result.InvocationConfiguration.Error;
        if ((id is not null) == (filter is not null))
        {
            await error.WriteLineAsync("Give either a job id or --state (with optional --queue, --kind, --from, --to), not both.");
            return 2;
        }

        if (id is { } jobId)
        {
            return await ReportAsync(result, await one(jobId));
        }

        if (needsConfirmation)
        {
            await error.WriteLineAsync($"This changes every job matching {filter!.Describe()}; add --yes to confirm.");
            return 2;
        }

        try
        {
            await result.InvocationConfiguration.Output.WriteLineAsync(await matching(filter!));
            return 0;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static async Task<int> ReportAsync(ParseResult result, AdminResult outcome)
    {
        var writer = outcome.Succeeded ? result.InvocationConfiguration.Output : result.InvocationConfiguration.Error;
        await writer.WriteLineAsync(outcome.Message);
        return outcome.Succeeded ? 0 : 1;
    }

    private static void WriteJobs(TextWriter output, IReadOnlyList<JobSummary> jobs)
    {
        output.WriteLine($"{"ID",10} {"STATE",-10} {"KIND",-24} {"QUEUE",-12} {"TRIES",-6} {"BUSINESS KEY",-28} {"UPDATED",-20} LAST ERROR");
        foreach (var job in jobs)
        {
            var error = job.LastError is { Length: > 80 } long_ ? long_[..80] + "…" : job.LastError;
            output.WriteLine($"{job.Id,10} {job.State,-10} {job.Kind,-24} {job.Queue,-12} {$"{job.Attempt}/{job.MaxAttempts}",-6} {job.BusinessKey ?? "-",-28} {Time(job.UpdatedAt),-20} {error?.ReplaceLineEndings(" ")}");
        }

        output.WriteLine($"{jobs.Count} job(s).");
    }

    private static string Time(DateTimeOffset? value) => value is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static string Indent(string text, string prefix) => prefix + text.ReplaceLineEndings("\n" + prefix);

    private static string Prompt(TextWriter error)
    {
        error.Write("Password: ");
        var first = ReadHidden();
        error.Write("Again: ");
        var second = ReadHidden();
        if (first != second)
        {
            error.WriteLine("The passwords differ.");
            return "";
        }

        return first;

        static string ReadHidden()
        {
            var chars = new List<char>();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    Console.Error.WriteLine();
                    return new string([.. chars]);
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (chars.Count > 0)
                    {
                        chars.RemoveAt(chars.Count - 1);
                    }
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    chars.Add(key.KeyChar);
                }
            }
        }
    }

    /// <summary>The filter options shared by list, retry and delete.</summary>
    private sealed class FilterOptions
    {
        private readonly Option<string> _state;
        private readonly Option<string> _queue = new("--queue") { Description = "Only this queue." };
        private readonly Option<string> _kind = new("--kind") { Description = "Only this job kind." };
        private readonly Option<string> _from = new("--from") { Description = "Only jobs created at or after this UTC time (e.g. 2026-01-31T12:00)." };
        private readonly Option<string> _to = new("--to") { Description = "Only jobs created before this UTC time." };

        public FilterOptions(bool required)
        {
            _state = new Option<string>("--state") { Description = "The job state.", Required = required };
            _state.AcceptOnlyFromAmong([.. JobStates.All]);
            foreach (var option in new[] { _from, _to })
            {
                option.Validators.Add(r =>
                {
                    if (ParseTime(r.GetValueOrDefault<string>()) is null)
                    {
                        r.AddError($"{option.Name} must be a date and time such as 2026-01-31T12:00 (UTC).");
                    }
                });
            }
        }

        public Option<bool> Yes { get; } = new("--yes") { Description = "Confirm an action on every matching job." };

        public void AddTo(Command command)
        {
            command.Options.Add(_state);
            command.Options.Add(_queue);
            command.Options.Add(_kind);
            command.Options.Add(_from);
            command.Options.Add(_to);
        }

        /// <summary>The filter, or null when no --state was given (the caller then wants a single job).</summary>
        public JobFilter? Read(ParseResult result)
        {
            var state = result.GetValue(_state);
            return state is null
                ? null
                : new JobFilter(state, result.GetValue(_queue), result.GetValue(_kind), ParseTime(result.GetValue(_from)), ParseTime(result.GetValue(_to)));
        }

        private static DateTimeOffset? ParseTime(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;
    }
}
