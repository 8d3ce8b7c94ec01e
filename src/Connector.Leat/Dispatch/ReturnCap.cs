namespace Connector.Leat.Dispatch;

/// <summary>One part of a return that asked for more than remained returnable, and what was sent instead.</summary>
public sealed record ReturnCap(
    string Part,
    string ExternalIdentifier,
    decimal RequestedQuantity,
    decimal SentQuantity,
    long RequestedAmount,
    long SentAmount);
