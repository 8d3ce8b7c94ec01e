using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>A (sub) line item, applied discount or charge of a stored order, with what returns have taken from it so far.</summary>
internal sealed class StoredPart
{
    public required string Uuid { get; init; }

    public required string ExternalIdentifier { get; init; }

    public bool IsSubLine { get; init; }

    public string? ParentExternalIdentifier { get; init; }

    public decimal Quantity { get; init; }

    /// <summary>Line/charge <c>total_amount</c>, or a discount's <c>amount</c>.</summary>
    public long Total { get; init; }

    public long Discount { get; init; }

    public string? AppliedTo { get; init; }

    public decimal ReturnedQuantity { get; set; }

    public long ReturnedAmount { get; set; }

    public long ReturnedDiscount { get; set; }
}

/// <summary>An order the fake holds. Mutated only under <see cref="LeatFakeState"/>'s lock.</summary>
internal sealed class StoredOrder
{
    public required string Uuid { get; init; }

    public required string ExternalIdentifier { get; init; }

    public required string ContactUuid { get; init; }

    public required string BusinessProfileUuid { get; init; }

    public required string Currency { get; init; }

    public required string RequestBody { get; init; }

    public required JsonObject Json { get; init; }

    public required long PointsBasis { get; init; }

    public required string Status { get; set; }

    public required string PaymentStatus { get; set; }

    public Dictionary<string, StoredPart> Lines { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, StoredPart> Discounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, StoredPart> Charges { get; } = new(StringComparer.Ordinal);

    public bool Processed { get; set; }

    public long PointsAwarded { get; set; }

    public long PointsReversed { get; set; }

    /// <summary>Returned basis of all processed returns, to compute reversals cumulatively.</summary>
    public long ReturnedBasisProcessed { get; set; }

    public LeatFakeOrder Snapshot() => new(
        Uuid,
        ExternalIdentifier,
        Status,
        PaymentStatus,
        ContactUuid,
        BusinessProfileUuid,
        Currency,
        RequestBody,
        Json.ToJsonString(),
        PointsBasis,
        Processed,
        PointsAwarded,
        PointsReversed);
}

/// <summary>An order return the fake holds. Mutated only under <see cref="LeatFakeState"/>'s lock.</summary>
internal sealed class StoredReturn
{
    public required string Uuid { get; init; }

    public required string ExternalIdentifier { get; init; }

    public required StoredOrder Order { get; init; }

    public required string Status { get; init; }

    public required string RequestBody { get; init; }

    public required JsonObject Json { get; init; }

    public required long ReturnedBasis { get; init; }

    public bool Processed { get; set; }

    public long PointsReversed { get; set; }

    public LeatFakeReturn Snapshot() => new(
        Uuid,
        ExternalIdentifier,
        Order.Uuid,
        Order.ExternalIdentifier,
        Status,
        RequestBody,
        Json.ToJsonString(),
        ReturnedBasis,
        Processed,
        PointsReversed);
}

/// <summary>A contact with its mutable balance. Mutated only under <see cref="LeatFakeState"/>'s lock.</summary>
internal sealed class StoredContact
{
    public required int Id { get; init; }

    public required string Uuid { get; init; }

    public required string Email { get; init; }

    public long Balance { get; set; }
}
