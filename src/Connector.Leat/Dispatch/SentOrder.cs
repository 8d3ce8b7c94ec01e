using Connector.Leat.Model;

namespace Connector.Leat.Dispatch;

/// <summary>An order key on the ledger (<see cref="LeatDispatcher.FindOrderAsync"/>); <see cref="Sent"/> is set once it succeeded.</summary>
public sealed record SentOrder(string? Status, LeatOrderRequest? Sent, string? SkipReason)
{
    public bool Succeeded => Status == "succeeded";

    public bool IsSkipped => Status == "skipped";
}
