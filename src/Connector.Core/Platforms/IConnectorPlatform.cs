using System.CommandLine;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Core.Platforms;

/// <summary>
/// One platform, as the host sees it: a platform project declares its implementation with
/// <c>[assembly: ConnectorPlatform(typeof(…))]</c> and the host finds it (<see cref="PlatformCatalog"/>), so adding a
/// platform is one project and the host names none. It registers its own services (client, webhook source, jobs,
/// poll), endpoints, schema and command-line verbs; the shared parts (inbox, rejections, checkpoints, the intake →
/// job pattern) come from the platform kit in <c>Connector.Core.Intake</c>.
/// </summary>
public interface IConnectorPlatform
{
    /// <summary>The platform's name as stored and routed (<c>square</c>).</summary>
    string Name { get; }

    /// <summary>True when the platform is configured to run (its credentials are set).</summary>
    bool IsEnabled(IConfiguration configuration);

    /// <summary>Registers everything the platform runs with; called only when <see cref="IsEnabled"/>.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Mounts its endpoints (its webhook); called only when <see cref="IsEnabled"/>.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>Applies its own schema scripts, if it has any; returns how many were applied.</summary>
    Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken);

    /// <summary>True when its schema is current (for the readiness probe).</summary>
    Task<bool> IsSchemaCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken);

    /// <summary>Its <c>backfill &lt;platform&gt;</c> subcommand, if it has one.</summary>
    Command? BackfillCommand(PlatformCommandServices services);

    /// <summary>Its own top-level verbs (e.g. <c>&lt;platform&gt; register</c>).</summary>
    IEnumerable<Command> Commands(PlatformCommandServices services);
}

/// <summary>
/// Builds the services a one-shot verb needs: configuration, logging, the database and the job client, plus what
/// <paramref name="add"/> registers. The caller disposes the provider.
/// </summary>
public delegate ServiceProvider PlatformCommandServices(Action<IServiceCollection, IConfiguration>? add = null);
