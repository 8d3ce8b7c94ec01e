using System.CommandLine;
using System.Globalization;
using Connector.Jobs;
using Connector.Platforms.Square.Polling;

namespace Connector.Host.Hosting;

/// <summary>
/// <c>backfill square --since &lt;date&gt; [--until &lt;date&gt;]</c>: enqueues a durable backfill job that queues a sync
/// job for every order and refund in the window (the same jobs webhooks and polls make, so nothing runs twice).
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

            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton(CommandLineServices.DataSource(CommandLineServices.Configuration()))
                .AddConnectorJobs();
            await using var provider = services.BuildServiceProvider();
            var args = new SquareBackfillArgs(from, to);
            var key = $"square:backfill:{from.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)}:{to?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) ?? "now"}";
            var job = await provider.GetRequiredService<JobClient>().EnqueueAsync(SquareScanner.BackfillKind, args, SquarePollingJsonContext.Default.SquareBackfillArgs,
                new EnqueueOptions { UniqueKey = key, BusinessKey = key }, cancellationToken: cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(job.Created
                ? $"Backfill queued as job {job.Id}; watch it in the dashboard or with `jobs show {job.Id}`."
                : $"The same backfill is already queued as job {job.Id}.");
            return 0;
        });

        var backfill = new Command("backfill", "Queue a platform's history for sync.");
        backfill.Subcommands.Add(square);
        return backfill;
    }
}
