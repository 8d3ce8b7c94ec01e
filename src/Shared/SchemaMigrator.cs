using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;

namespace Connector.Schema;

/// <summary>
/// Compiled into each project that owns tables (linked source, internal), so components stay independent.
/// Applies numbered SQL scripts (<c>NNN_name.sql</c>, embedded resources) once each, in order, for one
/// component. All instances serialise on a PostgreSQL advisory lock, so several instances starting
/// together neither race nor apply a script twice; a script and its bookkeeping row commit together.
/// </summary>
internal static partial class SchemaMigrator
{
    // One lock for every component: migrations are rare and short, and a single lock keeps
    // cross-component scripts (none today) trivially ordered.
    private const long AdvisoryLockKey = 0x436F6E6E6563746FL; // "Connecto"

    /// <summary>The scripts embedded in <paramref name="assembly"/> whose resource names contain <c>.Schema.</c>, ordered by number.</summary>
    public static IReadOnlyList<MigrationScript> EmbeddedScripts(Assembly assembly)
    {
        var scripts = new List<MigrationScript>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(int.Parse(match.Groups["n"].Value), match.Groups["name"].Value, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Two schema scripts share number {scripts[i].Version} in {assembly.GetName().Name}.");
            }
        }

        return scripts;
    }

    /// <summary>Applies the component's pending scripts; returns how many were applied.</summary>
    /// <remarks><paramref name="alsoUnderLock"/> runs after the scripts, still under the lock (e.g. a library's own installer).</remarks>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string component, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken = default, Action<NpgsqlConnection>? alsoUnderLock = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using (var create = new NpgsqlCommand(
                """
                CREATE TABLE IF NOT EXISTS public.schema_migrations (
                    component  text        NOT NULL,
                    version    int         NOT NULL,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (component, version)
                )
                """, connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM public.schema_migrations WHERE component = @c", connection))
            {
                read.Parameters.AddWithValue("c", component);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var count = 0;
            foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var run = new NpgsqlCommand(script.Sql, connection, transaction))
                {
                    await run.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO public.schema_migrations (component, version, name) VALUES (@c, @v, @n)", connection, transaction))
                {
                    record.Parameters.AddWithValue("c", component);
                    record.Parameters.AddWithValue("v", script.Version);
                    record.Parameters.AddWithValue("n", script.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                count++;
            }

            alsoUnderLock?.Invoke(connection);
            return count;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>True when every script of the component has been applied (used by the readiness probe).</summary>
    public static async Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, string component, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce(max(version), 0) FROM public.schema_migrations WHERE component = @c");
        command.Parameters.AddWithValue("c", component);
        try
        {
            var max = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
            return scripts.Count == 0 || max >= scripts[^1].Version;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\.Schema\.(?<n>\d{3})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}

/// <summary>One numbered schema script.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);
