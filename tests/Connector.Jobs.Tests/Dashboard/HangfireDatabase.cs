using Connector.Jobs.Tests.Admin;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Npgsql;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>A fresh database with the jobs schema (for the audit table) and Hangfire's schema, and its storage.</summary>
public abstract class HangfireDatabase : MigratedDatabase
{
    private PostgreSqlStorage? _storage;

    protected JobStorage Storage => _storage ?? throw new InvalidOperationException("Not initialised.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Hangfire.GlobalConfiguration.Configuration.UseLogProvider(SilentHangfireLogProvider.Instance);
        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
        // The constructor installs Hangfire's schema.
        _storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(ConnectionString, options), options);
    }

    /// <summary>Creates a job directly in the Failed state, as a worker would leave it.</summary>
    protected string CreateFailed(Hangfire.Common.Job job, string message) =>
        new BackgroundJobClient(Storage).Create(job, new FailedState(new InvalidOperationException(message)));

    protected async Task<string?> StateOfAsync(string jobId)
    {
        await using var command = DataSource.CreateCommand("SELECT statename FROM hangfire.job WHERE id = @id");
        command.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
        return (string?)await command.ExecuteScalarAsync();
    }

    protected async Task<long> CountJobsInStateAsync(string state)
    {
        await using var command = DataSource.CreateCommand("SELECT count(*) FROM hangfire.job WHERE statename = @s");
        command.Parameters.AddWithValue("s", state);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }
}
