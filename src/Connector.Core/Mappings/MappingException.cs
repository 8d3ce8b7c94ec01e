namespace Connector.Core.Mappings;

/// <summary>A mapping file is missing, unreadable or wrong; the message names the file and the key.</summary>
public sealed class MappingException(string message) : Exception(message);
