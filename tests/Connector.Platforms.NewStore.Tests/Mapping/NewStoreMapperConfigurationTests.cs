using Connector.Platforms.NewStore.Mapping;

namespace Connector.Platforms.NewStore.Tests.Mapping;

public sealed class NewStoreMapperConfigurationTests
{
    [Fact]
    public void The_AutoMapper_configuration_maps_every_Leat_member()
    {
        // Fails on any destination member that is neither mapped nor explicitly ignored (e.g. a renamed identifier).
        NewStoreMapperConfiguration.Create().AssertConfigurationIsValid();
    }
}
