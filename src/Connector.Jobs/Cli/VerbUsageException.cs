namespace Connector.Jobs.Cli;

/// <summary>A command line that parses but does not make sense or cannot run (exit code 2): a bad window, missing configuration.</summary>
public sealed class VerbUsageException(string message) : Exception(message);
