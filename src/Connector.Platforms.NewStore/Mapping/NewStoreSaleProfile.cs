using AutoMapper;
using Connector.Leat.Model;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// The structure of a NewStore sale in Leat: order → order, item (one unit) → line item, order and item discounts →
/// applied discounts, shipping and tax → charges. Every amount comes from the <see cref="NewStoreSalePlan"/> in the
/// mapping context.
/// </summary>
internal sealed class NewStoreSaleProfile : Profile
{
    public const string PlanKey = "newstore.sale.plan";

    public NewStoreSaleProfile()
    {
        CreateMap<NewStoreOrder, LeatOrderRequest>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom(s => NewStoreIds.Order(s.Id)))
            .ForMember(d => d.Reference, o => o.MapFrom(s => s.ExternalId ?? s.Id))
            // order.opened fires once payment is authorised: a paid sale whose points are due.
            .ForMember(d => d.Status, o => o.MapFrom(_ => LeatOrderStatus.Completed))
            .ForMember(d => d.PaymentStatus, o => o.MapFrom(_ => LeatPaymentStatus.Paid))
            .ForMember(d => d.TotalOrderAmount, o => o.MapFrom((_, _, _, c) => Plan(c).TotalOrderAmount))
            .ForMember(d => d.OrderAmount, o => o.MapFrom((_, _, _, c) => Plan(c).OrderAmount))
            .ForMember(d => d.TotalDiscountAmount, o => o.MapFrom((_, _, _, c) => NullIfZero(Plan(c).TotalDiscountAmount)))
            .ForMember(d => d.Currency, o => o.MapFrom((_, _, _, c) => Plan(c).Currency.Code))
            .ForMember(d => d.PaidAt, o => o.MapFrom(s => s.PlacedAt ?? s.CreatedAt))
            .ForMember(d => d.CompletedAt, o => o.MapFrom(s => s.PlacedAt ?? s.CreatedAt))
            // The dispatcher resolves the contact from customer_email (or the missing-email policy); empty means "not yet".
            .ForMember(d => d.Contact, o => o.MapFrom(_ => new LeatUuidRef(string.Empty)))
            .ForMember(d => d.BusinessProfile, o => o.MapFrom((_, _, _, c) => new LeatUuidRef(Plan(c).ShopUuid)))
            .ForMember(d => d.LineItems, o => o.MapFrom((_, _, _, c) => Plan(c).Items))
            .ForMember(d => d.AppliedDiscounts, o => o.MapFrom((_, _, _, c) => NullIfEmpty(Plan(c).Discounts)))
            .ForMember(d => d.Charges, o => o.MapFrom((_, _, _, c) => NullIfEmpty(Plan(c).Charges)))
            .ForMember(d => d.Payments, o => o.Ignore());

        CreateMap<NewStoreOrderItem, LeatLineItem>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom(s => s.Id))
            .ForMember(d => d.Name, o => o.MapFrom(s => NameOf(s)))
            .ForMember(d => d.Quantity, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Quantity))
            .ForMember(d => d.Price, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Price))
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Total))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom((s, _, _, c) => NullIfZero(Plan(c).Line(s).Discount)))
            .ForMember(d => d.Product, o => o.MapFrom(s => new LeatExternalRef(s.ProductId)))
            .ForMember(d => d.Result, o => o.Ignore())
            .ForMember(d => d.SubLineItems, o => o.Ignore());

        CreateMap<NewStoreDiscountPlan, LeatAppliedDiscount>()
            .ForMember(d => d.Type, o => o.MapFrom(_ => LeatDiscountType.Absolute))
            .ForMember(d => d.Value, o => o.Ignore())
            .ForMember(d => d.AppliedTo, o => o.MapFrom(_ => LeatAppliedTo.OrderLines))
            .ForMember(d => d.LineItems, o => o.MapFrom(s => s.Lines.Select(id => new LeatExternalRef(id)).ToList()))
            .ForMember(d => d.SubLineItems, o => o.Ignore())
            .ForMember(d => d.Charges, o => o.Ignore())
            .ForMember(d => d.Offer, o => o.Ignore());

        CreateMap<NewStoreChargePlan, LeatCharge>()
            .ForMember(d => d.DiscountAmount, o => o.Ignore())
            .ForMember(d => d.TotalAmount, o => o.MapFrom(s => s.Amount))
            .ForMember(d => d.ChargeDefinition, o => o.MapFrom(s => new LeatExternalRef(s.Definition)));
    }

    /// <summary>The product id: NewStore events carry no product name.</summary>
    internal static string NameOf(NewStoreOrderItem item) => item.ProductId;

    internal static long? NullIfZero(long value) => value == 0 ? null : value;

    internal static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T> items) => items.Count == 0 ? null : items;

    private static NewStoreSalePlan Plan(ResolutionContext context) => (NewStoreSalePlan)context.Items[NewStoreSaleProfile.PlanKey];
}
