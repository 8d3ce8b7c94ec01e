using System.Reflection;

namespace Connector.Core.Platforms;

/// <summary>The platforms deployed with the host: every <c>Connector.Platforms.*.dll</c> beside it that declares one.</summary>
public static class PlatformCatalog
{
    private static readonly Lazy<IReadOnlyList<IConnectorPlatform>> Found = new(Discover);

    /// <summary>Every platform found, ordered by name.</summary>
    public static IReadOnlyList<IConnectorPlatform> All => Found.Value;

    private static IReadOnlyList<IConnectorPlatform> Discover()
    {
        var platforms = new List<IConnectorPlatform>();
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "Connector.Platforms.*.dll"))
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(path));
            if (assembly.GetCustomAttribute<ConnectorPlatformAttribute>() is { } declared)
            {
                platforms.Add(declared.PlatformType.IsAssignableTo(typeof(IConnectorPlatform))
                    ? (IConnectorPlatform)Activator.CreateInstance(declared.PlatformType)!
                    : throw new InvalidOperationException($"{declared.PlatformType.FullName} does not implement {nameof(IConnectorPlatform)}."));
            }
        }

        return [.. platforms.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }
}
