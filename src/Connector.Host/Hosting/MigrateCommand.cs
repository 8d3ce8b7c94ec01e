namespace Connector.Host.Hosting;

/// <summary>Applies the schema and exits; for deployments that migrate before starting instances.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var dataSource = CommandLineServices.DataSource(CommandLineServices.Configuration());
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole());
        var applied = await new DatabaseMigrator(dataSource, loggers.CreateLogger<DatabaseMigrator>()).MigrateAsync(cancellationToken);
        Console.WriteLine($"Schema is current; {applied} script(s) applied.");
        return 0;
    }
}
