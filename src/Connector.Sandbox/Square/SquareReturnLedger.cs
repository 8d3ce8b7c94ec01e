namespace Connector.Sandbox.Square;

/// <summary>
/// What has been returned of one sale so far: quantity per line and money per component (variation, modifier,
/// discount, tax, service charge of a line), the tip and the refunded total. Returns are priced against it so the
/// last units of a line return exactly what is left and nothing is ever returned twice.
/// </summary>
internal sealed class SquareReturnLedger
{
    private readonly Dictionary<string, long> _amounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _quantities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _serviceCharges = new(StringComparer.Ordinal);

    public long Tip { get; private set; }

    public long Total { get; private set; }

    public long Amount(string key) => _amounts.GetValueOrDefault(key);

    public decimal Quantity(string lineUid) => _quantities.GetValueOrDefault(lineUid);

    public bool ServiceChargeReturned(string uid) => _serviceCharges.Contains(uid);

    /// <summary>Folds a priced return in; only called once the whole return was priced without error.</summary>
    public void Commit(SquareReturnLedger pending)
    {
        foreach (var (key, amount) in pending._amounts)
        {
            _amounts[key] = Amount(key) + amount;
        }

        foreach (var (uid, quantity) in pending._quantities)
        {
            _quantities[uid] = Quantity(uid) + quantity;
        }

        _serviceCharges.UnionWith(pending._serviceCharges);
        Tip += pending.Tip;
        Total += pending.Total;
    }

    public void AddAmount(string key, long amount) => _amounts[key] = Amount(key) + amount;

    public void AddQuantity(string lineUid, decimal quantity) => _quantities[lineUid] = Quantity(lineUid) + quantity;

    public void AddServiceCharge(string uid) => _serviceCharges.Add(uid);

    public void AddTip(long amount) => Tip += amount;

    public void AddTotal(long amount) => Total += amount;
}
