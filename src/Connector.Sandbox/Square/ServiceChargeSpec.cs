namespace Connector.Sandbox.Square;

/// <summary>A service charge: exactly one of <see cref="Percentage"/> and <see cref="Amount"/>.</summary>
/// <param name="Uid">Uid within the order.</param>
/// <param name="Name">Display name.</param>
/// <param name="Percentage">Percentage of the discounted subtotal.</param>
/// <param name="Amount">Fixed amount in minor units.</param>
/// <param name="AutoGratuity">Type <c>AUTO_GRATUITY</c> instead of <c>CUSTOM</c>.</param>
/// <param name="Apportioned">
/// Spread over the lines (<c>APPORTIONED_TREATMENT</c>, shows up in each line's total) instead of a separate
/// <c>SUBTOTAL_PHASE</c> charge.
/// </param>
/// <param name="Taxable">ORDER-scope taxes also apply to the charge (non-apportioned charges only).</param>
public sealed record ServiceChargeSpec(
    string Uid,
    string Name,
    decimal? Percentage = null,
    long? Amount = null,
    bool AutoGratuity = false,
    bool Apportioned = false,
    bool Taxable = false);
