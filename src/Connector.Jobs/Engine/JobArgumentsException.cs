namespace Connector.Jobs.Engine;

/// <summary>The stored arguments do not fit the handler's type: retrying cannot help, so the job fails permanently.</summary>
internal sealed class JobArgumentsException(string message, Exception? innerException) : Exception(message, innerException);
