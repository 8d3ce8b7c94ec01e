using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Connector.Testing;

/// <summary>
/// The PostgreSQL server the tests run against. When <c>CONNECTOR_TEST_POSTGRES</c> holds a connection
/// string (to a role that may create databases), that server is used. Otherwise a throwaway server is
/// started from the installed binaries (<c>/usr/lib/postgresql/*/bin</c>) in a temporary folder, as the
/// <c>postgres</c> user when running as root, and stopped when the process exits. A missing server is a
/// failure, never a skip.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var admin = await AdminConnectionString.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>The connection string of the server's maintenance database.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("CONNECTOR_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), $"connector-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres:postgres {root}", asPostgres: false);
        }

        Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust --no-sync -E UTF8", asRoot);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB";
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -l {Path.Combine(root, "log")} -o \"{options}\" -w -t 60 start", asRoot);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue; // the port was taken between probing and binding
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate -w stop", asRoot);
                    Directory.Delete(root, recursive: true);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException)
                {
                    // The process is exiting; a leftover temp folder is harmless.
                }
            };

            var connectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Database = "postgres",
                Pooling = true,
            }.ConnectionString;
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync();
            return connectionString;
        }
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin and CONNECTOR_TEST_POSTGRES is not set. " +
                "Install them (apt-get install -y postgresql) or point CONNECTOR_TEST_POSTGRES at a server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asPostgres)
    {
        var info = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = "/";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}
