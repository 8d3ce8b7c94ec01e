namespace Connector.Host.Hosting;

/// <summary>A setting the connector cannot run without is missing or wrong; the message says which and how to set it.</summary>
internal sealed class ConnectorConfigurationException(string message) : Exception(message);
