using AutoMapper;
using Connector.Leat.Model;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// The structure of a Square sale in Leat: order → order, line → line item, modifier → sub line item, discount →
/// applied discount, service charge → charge. Every amount comes from the <see cref="SquareSalePlan"/> passed in the
/// mapping context, which computes it with <see cref="SquareMoneyRules"/>.
/// </summary>
internal sealed class SquareSaleProfile : Profile
{
    public const string PlanKey = "square.sale.plan";

    public SquareSaleProfile()
    {
        CreateMap<SquareOrder, LeatOrderRequest>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((_, _, _, c) => SquareIds.Order(Plan(c).OrderId)))
            .ForMember(d => d.Reference, o => o.MapFrom(s => s.ReferenceId ?? s.Id))
            .ForMember(d => d.Status, o => o.MapFrom(s => s.State == SquareOrderState.Completed ? LeatOrderStatus.Completed : LeatOrderStatus.Pending))
            .ForMember(d => d.PaymentStatus, o => o.MapFrom(s => PaymentStatusOf(s)))
            .ForMember(d => d.TotalOrderAmount, o => o.MapFrom((_, _, _, c) => Plan(c).Totals.TotalOrderAmount))
            .ForMember(d => d.OrderAmount, o => o.MapFrom((_, _, _, c) => Plan(c).Totals.OrderAmount))
            .ForMember(d => d.TotalDiscountAmount, o => o.MapFrom((_, _, _, c) => Plan(c).Totals.TotalDiscountAmount))
            .ForMember(d => d.Currency, o => o.MapFrom((_, _, _, c) => Plan(c).Currency))
            .ForMember(d => d.PaidAt, o => o.MapFrom(s => s.State == SquareOrderState.Completed ? s.ClosedAt : null))
            .ForMember(d => d.CompletedAt, o => o.MapFrom(s => s.State == SquareOrderState.Completed ? s.ClosedAt : null))
            // The dispatcher resolves the contact from the buyer's e-mail (or the missing-e-mail policy); empty means "not yet".
            .ForMember(d => d.Contact, o => o.MapFrom(_ => new LeatUuidRef(string.Empty)))
            .ForMember(d => d.BusinessProfile, o => o.MapFrom((_, _, _, c) => new LeatUuidRef(Plan(c).ShopUuid)))
            .ForMember(d => d.LineItems, o => o.MapFrom((_, _, _, c) => Plan(c).Lines))
            .ForMember(d => d.AppliedDiscounts, o => o.MapFrom((_, _, _, c) => NullIfEmpty(Plan(c).Discounts)))
            .ForMember(d => d.Charges, o => o.MapFrom((_, _, _, c) => NullIfEmpty(Plan(c).Charges)))
            .ForMember(d => d.Payments, o => o.Ignore());

        CreateMap<SquareOrderLineItem, LeatLineItem>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).ExternalId))
            .ForMember(d => d.Name, o => o.MapFrom((s, _, _, c) => LineName(s.Name, s.VariationName, s.ItemType, Plan(c).Rules)))
            .ForMember(d => d.Quantity, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Quantity))
            .ForMember(d => d.Price, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Price))
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Total))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom((s, _, _, c) => NullIfZero(Plan(c).Line(s).Discount)))
            .ForMember(d => d.Product, o => o.MapFrom(s => ProductOf(s.CatalogObjectId, s.ItemType)))
            .ForMember(d => d.Result, o => o.Ignore())
            .ForMember(d => d.SubLineItems, o => o.MapFrom((s, _, _, c) => NullIfEmpty(Plan(c).SubLinesOf(s))));

        CreateMap<SquareOrderLineItemModifier, LeatSubLineItem>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).ExternalId))
            .ForMember(d => d.Name, o => o.MapFrom(s => string.IsNullOrWhiteSpace(s.Name) ? "Modifier" : s.Name))
            .ForMember(d => d.Quantity, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Quantity))
            .ForMember(d => d.Price, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Price))
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Total))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom((s, _, _, c) => NullIfZero(Plan(c).Line(s).Discount)))
            .ForMember(d => d.Product, o => o.MapFrom(s => ProductOf(s.CatalogObjectId, null)));

        CreateMap<SquareOrderLineItemDiscount, LeatAppliedDiscount>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Discount(s).ExternalId))
            .ForMember(d => d.Name, o => o.MapFrom((s, _, _, c) => Plan(c).Discount(s).Name))
            .ForMember(d => d.Amount, o => o.MapFrom((s, _, _, c) => Plan(c).Discount(s).Amount))
            .ForMember(d => d.Type, o => o.MapFrom((s, _, _, c) => Plan(c).Discount(s).Type))
            .ForMember(d => d.Value, o => o.MapFrom((s, _, _, c) => Plan(c).Discount(s).Value))
            .ForMember(d => d.AppliedTo, o => o.MapFrom((s, _, _, c) => Plan(c).Discount(s).AppliedTo))
            .ForMember(d => d.LineItems, o => o.MapFrom((s, _, _, c) => Refs(Plan(c).Discount(s).Lines)))
            .ForMember(d => d.SubLineItems, o => o.MapFrom((s, _, _, c) => Refs(Plan(c).Discount(s).SubLines)))
            .ForMember(d => d.Charges, o => o.Ignore())
            .ForMember(d => d.Offer, o => o.Ignore());

        CreateMap<SquareOrderServiceCharge, LeatCharge>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Charge(s).ExternalId))
            .ForMember(d => d.Name, o => o.MapFrom((s, _, _, c) => Plan(c).Charge(s).Name))
            .ForMember(d => d.Amount, o => o.MapFrom((s, _, _, c) => Plan(c).Charge(s).Amount))
            .ForMember(d => d.DiscountAmount, o => o.Ignore())
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Charge(s).Amount))
            .ForMember(d => d.ChargeDefinition, o => o.MapFrom((s, _, _, c) => new LeatExternalRef(Plan(c).Charge(s).Definition)));
    }

    /// <summary>"Latte – Large": Square's item name plus its variation name; custom-amount lines may have no name at all.</summary>
    internal static string LineName(string? name, string? variationName, string? itemType, SquareMappingRules rules)
    {
        var baseName = !string.IsNullOrWhiteSpace(name)
            ? name.Trim()
            : itemType == SquareLineItemType.CustomAmount ? rules.CustomAmountName : "Item";
        return string.IsNullOrWhiteSpace(variationName) ? baseName : $"{baseName} – {variationName.Trim()}";
    }

    /// <summary>The Leat product is the Square catalog item variation; custom amounts have none.</summary>
    internal static LeatExternalRef? ProductOf(string? catalogObjectId, string? itemType) =>
        string.IsNullOrEmpty(catalogObjectId) || itemType == SquareLineItemType.CustomAmount ? null : new LeatExternalRef(catalogObjectId);

    /// <summary>COMPLETED orders are fully paid; an OPEN one is paid once nothing is due and a tender exists.</summary>
    internal static string PaymentStatusOf(SquareOrder order) =>
        order.State == SquareOrderState.Completed || (order.NetAmountDueMoney?.Amount ?? 0) == 0 && order.Tenders is { Count: > 0 }
            ? LeatPaymentStatus.Paid
            : LeatPaymentStatus.Pending;

    internal static long? NullIfZero(long value) => value == 0 ? null : value;

    internal static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T> items) => items.Count == 0 ? null : items;

    private static List<LeatExternalRef>? Refs(IReadOnlyList<string> ids) => ids.Count == 0 ? null : ids.Select(id => new LeatExternalRef(id)).ToList();

    private static SquareSalePlan Plan(ResolutionContext context) => (SquareSalePlan)context.Items[PlanKey];
}
