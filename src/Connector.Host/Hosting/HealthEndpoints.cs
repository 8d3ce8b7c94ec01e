using Npgsql;

namespace Connector.Host.Hosting;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database is reachable and migrated.</summary>
internal static class HealthEndpoints
{
    public static void MapConnectorHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Text("live"));
        endpoints.MapGet("/health/ready", async (NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        {
            try
            {
                return await DatabaseMigrator.IsCurrentAsync(dataSource, cancellationToken)
                    ? Results.Text("ready")
                    : Results.Text("database schema not migrated", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return Results.Text($"database unreachable: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
