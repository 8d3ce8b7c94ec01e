using Connector.Leat.Model;

namespace Connector.Leat.Dispatch;

/// <summary>An order to send to Leat once. <see cref="Order"/>'s contact is filled in from <see cref="CustomerEmail"/>.</summary>
public sealed record OrderDispatch
{
    /// <summary>Source platform, e.g. <c>square</c>.</summary>
    public required string Platform { get; init; }

    /// <summary>The platform's own id of the order, kept on the ledger for ops.</summary>
    public required string SourceId { get; init; }

    /// <summary>
    /// Other ids of the platform that name this dispatch and ops may search by (a Square return's refund ids, a
    /// display order number); kept on the ledger beside <see cref="SourceId"/>, indexed.
    /// </summary>
    public IReadOnlyList<string> AlsoKnownAs { get; init; } = [];

    /// <summary>The payload. Its <c>contact.uuid</c> may be empty: the dispatcher resolves it from the email.</summary>
    public required LeatOrderRequest Order { get; init; }

    /// <summary>The customer's email; null or blank applies <see cref="DispatchOptions.MissingEmail"/>.</summary>
    public string? CustomerEmail { get; init; }
}
