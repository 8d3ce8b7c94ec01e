using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Connector.Host.Hosting;
using Connector.Testing;

namespace Connector.Host.Tests;

public sealed partial class HostSafetyTests
{
    [Fact]
    public async Task A_connection_string_without_a_Leat_token_stops_the_start_naming_the_key()
    {
        var database = await PostgresServer.CreateDatabaseAsync("host");

        var error = await Assert.ThrowsAsync<ConnectorConfigurationException>(() => ConnectorApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Connector={database}"], forceSandbox: false, CancellationToken.None));

        Assert.StartsWith("Leat:ApiToken is not set (environment variable Leat__ApiToken), but ConnectionStrings:Connector is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Leat_token_and_a_connection_string_run_without_any_fake_or_simulator()
    {
        var database = await PostgresServer.CreateDatabaseAsync("host");

        await using var connector = await ConnectorApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Connector={database}", "--Leat:ApiToken=real-token", "--Leat:BaseUrl=http://127.0.0.1:9"],
            forceSandbox: false,
            CancellationToken.None);

        Assert.False(connector.Sandbox.IsSandbox);
        Assert.Empty(connector.Sandbox.Simulators);
        Assert.False(connector.Sandbox.UsesThrowawayDatabase);
    }

    [Fact]
    public void The_host_assembly_references_no_platform_type()
    {
        var path = typeof(ConnectorApp).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var platformAssemblies = metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .Where(name => name.StartsWith("Connector.Platforms.", StringComparison.Ordinal))
            .ToList();

        // The compiler keeps an assembly reference only for assemblies whose types the code uses.
        Assert.Empty(platformAssemblies);
    }

    [Fact]
    public void The_host_sources_name_no_platform()
    {
        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("src/Connector.Host"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var mentions = sources
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => PlatformName().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();

        Assert.Empty(mentions);
    }

    [Fact]
    public void Every_platform_deployed_with_the_host_is_found()
    {
        var names = Connector.Core.Platforms.PlatformCatalog.All.Select(p => p.Name).ToList();

        Assert.Contains("square", names);
        Assert.Equal(names.Count, Directory.EnumerateFiles(AppContext.BaseDirectory, "Connector.Platforms.*.dll").Count(f => !f.EndsWith(".Tests.dll", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"Square|NewStore|CommerceLayer|Commerce Layer", RegexOptions.IgnoreCase)]
    private static partial Regex PlatformName();
}
