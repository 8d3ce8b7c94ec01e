namespace Connector.Sandbox.Leat;

/// <summary>Configuration of a <see cref="LeatFake"/>.</summary>
public sealed class LeatFakeOptions
{
    /// <summary>The two shops every fake has unless <see cref="Shops"/> is replaced; fixed uuids so configuration can name them.</summary>
    public static IReadOnlyList<LeatFakeShop> DefaultShops { get; } =
    [
        new("5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001", "Sandbox Store Amsterdam", "physical"),
        new("5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0002", "Sandbox Web Shop", "web"),
    ];

    /// <summary>The personal access token the fake accepts as <c>Authorization: Bearer</c>.</summary>
    public string ApiToken { get; init; } = "sandbox-token";

    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Points per whole currency unit of the points basis (floored). Ignored when <see cref="PointsRule"/> is set.</summary>
    public decimal PointsPerCurrencyUnit { get; init; } = 1m;

    /// <summary>Optional custom rule: (points basis in minor units, currency) → points.</summary>
    public Func<long, string, long>? PointsRule { get; init; }

    /// <summary>Account default currency, used when an order omits <c>currency</c>.</summary>
    public string DefaultCurrency { get; init; } = "EUR";

    /// <summary>Shops (business profiles) the account has.</summary>
    public IReadOnlyList<LeatFakeShop> Shops { get; init; } = DefaultShops;

    /// <summary>Contacts that exist before the first request (see <see cref="LeatFakeContact.ForEmail"/>).</summary>
    public IReadOnlyList<LeatFakeContact> Contacts { get; init; } = [];

    /// <summary>How many requests <see cref="LeatFake.Requests"/> keeps; the oldest go first, so a long sandbox run does not grow without bound.</summary>
    public int MaxRecordedRequests { get; init; } = 10_000;

    /// <summary>Clock for timestamps in responses and recordings.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
