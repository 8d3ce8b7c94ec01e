using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Connector.Sandbox;

/// <summary>
/// A throwaway PostgreSQL server started from the installed server binaries (<c>/usr/lib/postgresql/*/bin</c>)
/// in a temporary folder, for the sandbox run and the tests when no connection string is configured.
/// <c>initdb</c> refuses to run as root, so as root the server runs as the <c>postgres</c> user.
/// Durability settings are off: this server holds nothing worth keeping.
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private bool _stopped;

    private LocalPostgres(string bin, string root, bool asPostgresUser, int port)
    {
        _bin = bin;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string for the <c>postgres</c> superuser (trust authentication, loopback only).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Initialises a cluster in a new temporary folder and starts it on a free loopback port.</summary>
    public static LocalPostgres Start(int maxConnections = 400)
    {
        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), $"connector-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            Run("chown", $"postgres:postgres {root}", asPostgresUser: false);
        }

        var data = Path.Combine(root, "data");
        Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust --no-sync -E UTF8", asPostgresUser);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                          $"-c full_page_writes=off -c max_connections={maxConnections} -c shared_buffers=128MB";
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -l {Path.Combine(root, "log")} -o \"{options}\" -w -t 60 start", asPostgresUser);
                return new LocalPostgres(bin, root, asPostgresUser, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The probed port was taken before the server bound it; try another.
            }
        }
    }

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_root, "data")} -m immediate -w stop", _asPostgresUser);
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "No connection string is configured and no PostgreSQL server binaries were found under /usr/lib/postgresql/*/bin. " +
                "Install them (apt-get install -y postgresql) or set ConnectionStrings__Connector.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asPostgresUser)
    {
        var info = asPostgresUser
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
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}
