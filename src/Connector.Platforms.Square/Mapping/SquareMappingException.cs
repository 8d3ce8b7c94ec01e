namespace Connector.Platforms.Square.Mapping;

/// <summary>A Square order or return cannot be turned into a Leat payload; the message names the order and the part.</summary>
public sealed class SquareMappingException(string message) : Exception(message);
