using System.CommandLine;
using Connector.Platforms.Square.Jobs;
using Connector.Platforms.Square.Polling;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Connector.Host.Hosting;

/// <summary>
/// <c>backfill square --since &lt;date&gt; [--until &lt;date&gt;]</c>: enqueues a durable backfill job that requests a sync
/// for every order and refund in the window (the same keyed work webhooks and polls request, so nothing runs twice).
/// </summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var since = new Option<DateTimeOffset>("--since") { Description = "Start of the window (ISO 8601 date or time, UTC unless it says otherwise).", Required = true };
        var until = new Option<DateTimeOffset?>("--until") { Description = "End of the window (default: now)." };
        var square = new Command("square", "Queue every Square order updated and refund made in the window for sync.");
        square.Options.Add(since);
        square.Options.Add(until);
        square.SetAction(async (parse, cancellationToken) =>
        {
            var from = parse.GetValue(since);
            var to = parse.GetValue(until);
            if (to is { } end && end <= from)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("--until must be later than --since.");
                return 2;
            }

            var configuration = CommandLineServices.Configuration();
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton(CommandLineServices.DataSource(configuration))
                .AddConnectorJobs(configuration, configuration.GetConnectionString("Connector")!)
                .AddJob<SquareBackfillJob>(SquareJobKinds.Backfill, SquareJobKinds.Queue);
            await using var provider = services.BuildServiceProvider();
            var jobId = provider.GetRequiredService<IBackgroundJobClientV2>().Create(
                Job.FromExpression<SquareBackfillJob>(j => j.RunAsync(from, to, CancellationToken.None)), new EnqueuedState(SquareJobKinds.Queue), null);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Backfill queued as job {jobId}; watch it in the dashboard (/hangfire/jobs/details/{jobId}).");
            return 0;
        });

        var backfill = new Command("backfill", "Queue a platform's history for sync.");
        backfill.Subcommands.Add(square);
        return backfill;
    }
}
