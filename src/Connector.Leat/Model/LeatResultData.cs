namespace Connector.Leat.Model;

/// <summary>Points awarded (negative when revoked by a return) and the contact's balance afterwards, when Leat says so.</summary>
public sealed record LeatResultData(long? Points, long? NewBalance);
