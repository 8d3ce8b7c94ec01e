namespace Connector.Platforms.NewStore.Mapping;

/// <summary>What an appeasement (<c>refund_request.issued</c>) does in Leat: <c>appeasements</c> in newstore.json.</summary>
public enum NewStoreAppeasementRule
{
    /// <summary>A Leat return of the amount, spread over what remains returnable (largest remainder, capped).</summary>
    Spread,

    /// <summary>Recorded as skipped; the points stay.</summary>
    Ignore,
}
