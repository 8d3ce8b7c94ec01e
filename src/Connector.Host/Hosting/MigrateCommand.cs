using Npgsql;

namespace Connector.Host.Hosting;

/// <summary>Applies the schema and exits; for deployments that migrate before starting instances.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
        var connectionString = configuration.GetConnectionString("Connector");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("ConnectionStrings:Connector is not set (environment variable ConnectionStrings__Connector).");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole());
        var applied = await new DatabaseMigrator(dataSource, loggers.CreateLogger<DatabaseMigrator>()).MigrateAsync(cancellationToken);
        Console.WriteLine($"Schema is current; {applied} script(s) applied.");
        return 0;
    }
}
