using System.CommandLine;
using Connector.Core.Platforms;
using Connector.Host.Hosting;
using Connector.Jobs.Cli;

namespace Connector.Host;

/// <summary>
/// The verbs: none serves (webhooks, jobs, dashboard); <c>migrate</c> applies the schema; <c>jobs …</c> are the
/// dashboard's operations for people without a browser; <c>backfill &lt;platform&gt;</c> and each platform's own verbs
/// come from the platforms found. Options the verbs do not know (<c>--urls</c>, <c>--Leat:BaseUrl=…</c>) go on to
/// ASP.NET Core's configuration.
/// </summary>
internal static class ConnectorCommandLine
{
    public static RootCommand Create()
    {
        var sandbox = new Option<bool>("--sandbox") { Description = "Run against the built-in Leat fake and platform simulators, even if a Leat token or a database is configured." };
        var root = new RootCommand("Syncs orders and returns from commerce platforms into Leat.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(sandbox);
        root.SetAction((parse, cancellationToken) =>
            ServeCommand.RunAsync([.. parse.UnmatchedTokens], parse.GetValue(sandbox), cancellationToken));

        var migrate = new Command("migrate", "Apply the database schema and exit.");
        migrate.SetAction((_, cancellationToken) => MigrateCommand.RunAsync(cancellationToken));
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(JobsCommands.Create(() => CommandServices()));

        var backfill = new Command("backfill", "Queue a platform's history for sync.");
        foreach (var platform in PlatformCatalog.All)
        {
            if (platform.BackfillCommand(CommandServices) is { } command)
            {
                backfill.Subcommands.Add(command);
            }

            foreach (var verb in platform.Commands(CommandServices))
            {
                root.Subcommands.Add(verb);
            }
        }

        root.Subcommands.Add(backfill);
        return root;
    }

    /// <summary>What a one-shot verb needs: configuration, logging, the database and the job client, plus the verb's own.</summary>
    private static ServiceProvider CommandServices(Action<IServiceCollection, IConfiguration>? add = null)
    {
        var configuration = CommandLineServices.Configuration();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(configuration)
            .AddSingleton(CommandLineServices.DataSource(configuration))
            .AddConnectorJobs(configuration, configuration.GetConnectionString("Connector")!);
        add?.Invoke(services, configuration);
        return services.BuildServiceProvider();
    }
}
