namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>A Commerce Layer document that cannot become a balanced Leat payload (totals disagree, a line is missing); permanent until the data or the mapping is fixed.</summary>
public sealed class CommerceLayerMappingException(string message) : Exception(message);
