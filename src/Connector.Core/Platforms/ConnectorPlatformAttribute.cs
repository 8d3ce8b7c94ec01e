namespace Connector.Core.Platforms;

/// <summary>Names the <see cref="IConnectorPlatform"/> implementation of a platform assembly.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ConnectorPlatformAttribute(Type platformType) : Attribute
{
    /// <summary>A public type implementing <see cref="IConnectorPlatform"/> with a parameterless constructor.</summary>
    public Type PlatformType { get; } = platformType;
}
