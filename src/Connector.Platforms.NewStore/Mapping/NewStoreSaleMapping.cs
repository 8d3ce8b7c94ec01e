using Connector.Leat.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>A NewStore sale as Leat should see it: the order, or why nothing is sent.</summary>
public sealed record NewStoreSaleMapping(string ExternalId, LeatOrderRequest? Sale, string? SkipReason)
{
    public bool IsSkipped => Sale is null;
}
