using Connector.Core.Database;
using Npgsql;

namespace Connector.Host.Hosting;

/// <summary>What the one-shot verbs (<c>migrate</c>, <c>jobs …</c>) need: configuration and the database, without the web host.</summary>
internal static class CommandLineServices
{
    public static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();

    /// <summary>A data source over <c>ConnectionStrings:Connector</c>.</summary>
    /// <exception cref="ConnectorConfigurationException">The connection string is not configured.</exception>
    public static NpgsqlDataSource DataSource(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Connector");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new ConnectorConfigurationException("ConnectionStrings:Connector is not set (environment variable ConnectionStrings__Connector).")
            : ConnectorDataSource.Create(connectionString);
    }
}
