using System.CommandLine;
using Connector.Core.Platforms;
using Connector.Platforms.Square.Jobs;
using Connector.Platforms.Square.Polling;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

[assembly: ConnectorPlatform(typeof(Connector.Platforms.Square.SquarePlatform))]

namespace Connector.Platforms.Square;

/// <summary>Square as the host sees it: it runs when <c>Square:AccessToken</c> is set.</summary>
public sealed class SquarePlatform : IConnectorPlatform
{
    public string Name => Sync.SquareSync.Platform;

    public bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Square:AccessToken"]);

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSquare(configuration);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapSquareWebhooks();

    public Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => SquareSchema.MigrateAsync(dataSource, cancellationToken);

    public Task<bool> IsSchemaCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => SquareSchema.IsCurrentAsync(dataSource, cancellationToken);

    /// <summary>
    /// <c>backfill square --since &lt;date&gt; [--until &lt;date&gt;]</c>: enqueues a durable backfill job that requests a
    /// sync for every order and refund in the window (the same keyed work webhooks and polls request, so nothing runs twice).
    /// </summary>
    public Command BackfillCommand(PlatformCommandServices services)
    {
        var since = new Option<DateTimeOffset>("--since") { Description = "Start of the window (ISO 8601 date or time, UTC unless it says otherwise).", Required = true };
        var until = new Option<DateTimeOffset?>("--until") { Description = "End of the window (default: now)." };
        var square = new Command("square", "Queue every Square order updated and refund made in the window for sync.") { since, until };
        square.SetAction(async (parse, _) =>
        {
            var from = parse.GetValue(since);
            var to = parse.GetValue(until);
            if (to is { } end && end <= from)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("--until must be later than --since.");
                return 2;
            }

            await using var provider = services((s, _) => s.AddJob<SquareBackfillJob>(SquareJobKinds.Backfill, SquareJobKinds.Queue));
            var jobId = provider.GetRequiredService<IBackgroundJobClientV2>().Create(
                Job.FromExpression<SquareBackfillJob>(j => j.RunAsync(from, to, CancellationToken.None)), new EnqueuedState(SquareJobKinds.Queue), null);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Backfill queued as job {jobId}; watch it in the dashboard (/hangfire/jobs/details/{jobId}).");
            return 0;
        });
        return square;
    }

    public IEnumerable<Command> Commands(PlatformCommandServices services) => [];
}
