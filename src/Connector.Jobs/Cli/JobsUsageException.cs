namespace Connector.Jobs.Cli;

/// <summary>A <c>jobs</c> command line that parses but does not make sense (exit code 2).</summary>
internal sealed class JobsUsageException(string message) : Exception(message);
