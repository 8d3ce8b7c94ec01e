using System.Text.Json;
using Connector.Leat.Model;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// Maps one stored follow-up event (return, cancellation, appeasement) against the sale as it was sent to Leat. The
/// sync jobs and the golden tests share it, so the golden files show exactly what a job sends.
/// </summary>
public static class NewStoreEventMapper
{
    /// <summary>The Leat return (or skip) of event <paramref name="name"/> with <paramref name="payload"/>.</summary>
    /// <exception cref="NewStoreMappingException">The payload is unusable or its amounts cannot be converted exactly.</exception>
    public static NewStoreReturnMapping Map(string name, JsonElement payload, LeatOrderRequest? sale, NewStoreOrder? order, NewStoreMappingRules rules)
    {
        switch (name)
        {
            case NewStoreEventNames.ReturnProcessed:
                return NewStoreMapper.MapReturn(Read(payload, NewStoreJsonContext.Default.NewStoreReturn, name), sale, order, rules);
            case NewStoreEventNames.OrderCancelled or NewStoreEventNames.OrderItemsCancelled:
            {
                var cancellation = Read(payload, NewStoreJsonContext.Default.NewStoreCancellation, name);
                var ids = CancelledItemIds(name, cancellation, order);
                return sale is null
                    ? NewStoreReturnMapping.Skip(NewStoreIds.Cancellation(cancellation.Id, ids), cancellation.Id, $"The cancellation's order {cancellation.Id} was not sent to Leat.")
                    : NewStoreMapper.MapCancellation(cancellation.Id, ids, name == NewStoreEventNames.OrderCancelled, sale, order);
            }

            case NewStoreEventNames.RefundRequestIssued:
            {
                var appeasement = Read(payload, NewStoreJsonContext.Default.NewStoreRefundRequest, name);
                return sale is null
                    ? NewStoreReturnMapping.Skip(NewStoreIds.Appeasement(appeasement.Id), appeasement.OrderId, $"The appeasement's order {appeasement.OrderId} was not sent to Leat.")
                    : NewStoreMapper.MapAppeasement(appeasement, sale, rules);
            }

            default:
                throw new NewStoreMappingException($"NewStore event {name} is not a return, cancellation or appeasement.");
        }
    }

    /// <summary>
    /// The units a cancellation cancels: its items, or for an <c>order.cancelled</c> that lists none, every item of the
    /// order document.
    /// </summary>
    public static IReadOnlyList<string> CancelledItemIds(string name, NewStoreCancellation cancellation, NewStoreOrder? order)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        var ids = cancellation.Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 && name == NewStoreEventNames.OrderCancelled && order is not null)
        {
            ids = order.Items.Select(i => i.Id).ToList();
        }

        return ids;
    }

    /// <summary>Reads a payload into its wire record.</summary>
    /// <exception cref="NewStoreMappingException">It does not have the record's shape.</exception>
    public static T Read<T>(JsonElement payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string name)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new NewStoreMappingException($"NewStore {name}: the payload is {(payload.ValueKind == JsonValueKind.Undefined ? "missing" : "not an object")}.");
        }

        try
        {
            return payload.Deserialize(type) ?? throw new NewStoreMappingException($"NewStore {name}: the payload is null.");
        }
        catch (JsonException e)
        {
            throw new NewStoreMappingException($"NewStore {name}: the payload is not a {typeof(T).Name} ({e.Message}).");
        }
    }
}
