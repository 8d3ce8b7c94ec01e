using System.CommandLine;
using Connector.Host.Hosting;
using Connector.Jobs.Cli;

namespace Connector.Host;

/// <summary>
/// The verbs: none serves (webhooks, jobs, dashboard); <c>migrate</c> applies the schema; <c>jobs …</c> are the
/// dashboard's operations for people without a browser. Options the verbs
/// do not know (<c>--urls</c>, <c>--Leat:BaseUrl=…</c>) go on to ASP.NET Core's configuration.
/// </summary>
internal static class ConnectorCommandLine
{
    public static RootCommand Create()
    {
        var sandbox = new Option<bool>("--sandbox") { Description = "Run against the built-in Leat fake even if a Leat token is configured." };
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
        root.Subcommands.Add(JobsCommands.Create(() =>
        {
            var configuration = CommandLineServices.Configuration();
            return new ServiceCollection()
                .AddLogging()
                .AddSingleton(CommandLineServices.DataSource(configuration))
                .AddConnectorJobs(configuration, configuration.GetConnectionString("Connector")!)
                .BuildServiceProvider();
        }));
        root.Subcommands.Add(BackfillCommand.Create());
        return root;
    }
}
