namespace Connector.Platforms.NewStore.Mapping;

/// <summary>A NewStore document that cannot become a Leat payload as it is (its totals disagree, an amount has sub-minor precision): permanent.</summary>
public sealed class NewStoreMappingException(string message) : Exception(message);
