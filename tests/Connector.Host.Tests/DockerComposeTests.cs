using System.Reflection;
using System.Text.RegularExpressions;
using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Jobs.Dashboard;
using Connector.Leat;
using Connector.Leat.Dispatch;
using Connector.Platforms.CommerceLayer;
using Connector.Platforms.NewStore;
using Connector.Platforms.Square;

namespace Connector.Host.Tests;

public sealed partial class DockerComposeTests
{
    /// <summary>The options class each configuration section binds to.</summary>
    private static readonly Dictionary<string, Type> Sections = new()
    {
        ["Leat"] = typeof(LeatOptions),
        ["Leat:Dispatch"] = typeof(DispatchOptions),
        ["Jobs"] = typeof(JobsOptions),
        ["Mappings"] = typeof(MappingsOptions),
        ["Dashboard"] = typeof(DashboardOptions),
        ["Square"] = typeof(SquareOptions),
        ["NewStore"] = typeof(NewStoreOptions),
        ["CommerceLayer"] = typeof(CommerceLayerOptions),
    };

    [Fact]
    public void Every_connector_setting_in_docker_compose_is_a_real_configuration_key()
    {
        var keys = ConnectorEnvironment().Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).Select(k => k.Replace("__", ":", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(keys);
        var unknown = keys.Where(k => !IsKnown(k)).ToList();
        Assert.True(unknown.Count == 0, "docker-compose.yml sets keys no options class has: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Docker_compose_points_the_connector_at_its_postgres_service()
    {
        var environment = ConnectorEnvironment();

        Assert.Contains("Host=postgres", environment["ConnectionStrings__Connector"], StringComparison.Ordinal);
        Assert.Equal("/app/mappings", environment["Mappings__Directory"]);
    }

    [Theory]
    [InlineData("Leat:ApiTokn")]
    [InlineData("Jobs:Workers")]
    [InlineData("Dashboard:Users:0:Pasword")]
    public void The_key_check_refuses_a_misspelt_key(string key) => Assert.False(IsKnown(key));

    private static bool IsKnown(string key)
    {
        if (key == "ConnectionStrings:Connector")
        {
            return true;
        }

        var section = Sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.Ordinal)).MaxBy(s => s.Length);
        if (section is null)
        {
            return false;
        }

        // Walk the remaining path through properties; list indexes step into the element type.
        var type = Sections[section];
        foreach (var part in key[(section.Length + 1)..].Split(':'))
        {
            if (int.TryParse(part, out _) && type.IsGenericType)
            {
                type = type.GetGenericArguments()[0];
                continue;
            }

            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return true;
    }

    private static Dictionary<string, string> ConnectorEnvironment()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("docker-compose.yml"));
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "  connector:");
        var environment = Array.FindIndex(lines, start, l => l.Trim() == "environment:");
        var result = new Dictionary<string, string>();
        foreach (var line in lines.Skip(environment + 1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal) || l.Trim().Length == 0 || l.TrimStart().StartsWith('#')))
        {
            var match = Setting().Match(line);
            if (match.Success)
            {
                result[match.Groups["key"].Value] = match.Groups["value"].Value.Trim('"');
            }
        }

        return result;
    }

    [GeneratedRegex(@"^\s{6}(?<key>[A-Za-z0-9_]+):\s*(?<value>.*)$")]
    private static partial Regex Setting();
}
