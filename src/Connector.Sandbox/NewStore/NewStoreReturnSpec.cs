namespace Connector.Sandbox.NewStore;

/// <summary>A return to process; the refund is computed by NewStore's rules (reference 4.3), not given.</summary>
public sealed record NewStoreReturnSpec
{
    /// <summary>The order returned from; null for a blind return (then <see cref="BlindItems"/> says what came back).</summary>
    public string? OrderId { get; init; }

    /// <summary>One product id per returned unit; of several units of a product the one with the lowest remaining amount goes first.</summary>
    public IReadOnlyList<string> ProductIds { get; init; } = [];

    /// <summary>Blind return: product and refund (minor units) per unit.</summary>
    public IReadOnlyList<(string ProductId, long Refund)> BlindItems { get; init; } = [];

    /// <summary>Currency of a blind return.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Replaces the configured return fee (minor units).</summary>
    public long? ReturnFee { get; init; }

    public string ReturnLocationId { get; init; } = "STORE-001";
}
