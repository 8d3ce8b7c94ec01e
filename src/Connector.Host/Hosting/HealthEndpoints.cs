using Npgsql;

namespace Connector.Host.Hosting;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database is reachable and migrated.</summary>
internal static partial class HealthEndpoints
{
    public static void MapConnectorHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Text("live"));
        endpoints.MapGet("/health/ready", async (NpgsqlDataSource dataSource, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                return await DatabaseMigrator.IsCurrentAsync(dataSource, cancellationToken)
                    ? Results.Text("ready")
                    : Results.Text("database schema not migrated", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The reason goes to the log only: the probe answers anyone, and a driver's message can name hosts and users.
                LogUnreachable(loggers.CreateLogger("Connector.Health"), e.Message);
                return Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Readiness: database unreachable ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string error);
}
