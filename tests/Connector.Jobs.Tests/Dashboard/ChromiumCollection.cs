using Connector.Testing;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>The dashboard's browser tests share one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
