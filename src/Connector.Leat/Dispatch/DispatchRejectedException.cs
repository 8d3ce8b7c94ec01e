namespace Connector.Leat.Dispatch;

/// <summary>The dispatcher refused to send a payload (it can never succeed as it is): a permanent failure.</summary>
public sealed class DispatchRejectedException(string message) : Exception(message);
