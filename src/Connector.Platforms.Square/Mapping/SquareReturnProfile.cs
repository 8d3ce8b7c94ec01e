using AutoMapper;
using Connector.Leat.Model;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// The structure of a Square return in Leat: one <c>returns[]</c> entry → one order return referencing the sale's
/// external identifier; returned lines, modifiers, discounts and charges → the sale's parts by their identifiers.
/// Every amount comes from the <see cref="SquareReturnPlan"/> in the mapping context.
/// </summary>
internal sealed class SquareReturnProfile : Profile
{
    public const string PlanKey = "square.return.plan";

    public SquareReturnProfile()
    {
        CreateMap<SquareOrderReturn, LeatOrderReturnRequest>()
            .ForMember(d => d.Order, o => o.MapFrom((_, _, _, c) => new LeatOrderReference(null, SquareIds.Order(Plan(c).SaleOrderId))))
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((_, _, _, c) => Plan(c).ExternalId))
            // Returns are mapped once Square reports the refund COMPLETED; a pending refund is not mapped at all.
            .ForMember(d => d.Status, o => o.MapFrom(_ => LeatReturnStatus.Completed))
            .ForMember(d => d.LineItems, o => o.MapFrom((_, _, _, c) => SquareSaleProfile.NullIfEmpty(Plan(c).Lines)))
            .ForMember(d => d.AppliedDiscounts, o => o.MapFrom((_, _, _, c) => SquareSaleProfile.NullIfEmpty(Plan(c).Discounts)))
            .ForMember(d => d.Charges, o => o.MapFrom((_, _, _, c) => SquareSaleProfile.NullIfEmpty(Plan(c).Charges)));

        CreateMap<SquareOrderReturnLineItem, LeatReturnLineItem>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).ExternalId))
            .ForMember(d => d.Quantity, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Quantity))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom((s, _, _, c) => SquareSaleProfile.NullIfZero(Plan(c).Line(s).Discount)))
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Total))
            .ForMember(d => d.Reason, o => o.Ignore())
            .ForMember(d => d.SubLineItems, o => o.MapFrom((s, _, _, c) => SquareSaleProfile.NullIfEmpty(Plan(c).SubLinesOf(s))));

        CreateMap<SquareOrderReturnLineItemModifier, LeatReturnSubLineItem>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).ExternalId))
            .ForMember(d => d.Quantity, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Quantity))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom((s, _, _, c) => SquareSaleProfile.NullIfZero(Plan(c).Line(s).Discount)))
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Line(s).Total))
            .ForMember(d => d.Reason, o => o.Ignore());

        CreateMap<SquareOrderReturnDiscount, LeatReturnDiscount>()
            .ForCtorParam(nameof(LeatReturnDiscount.ExternalIdentifier), o => o.MapFrom((s, c) => Plan(c).Part(s).ExternalId))
            .ForCtorParam(nameof(LeatReturnDiscount.Amount), o => o.MapFrom((s, c) => Plan(c).Part(s).Amount))
            .ForMember(d => d.ExternalIdentifier, o => o.Ignore())
            .ForMember(d => d.Amount, o => o.Ignore());

        CreateMap<SquareOrderReturnServiceCharge, LeatReturnCharge>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom((s, _, _, c) => Plan(c).Part(s).ExternalId))
            .ForMember(d => d.Amount, o => o.MapFrom((s, _, _, c) => Plan(c).Part(s).Amount))
            .ForMember(d => d.DiscountAmount, o => o.Ignore())
            .ForMember(d => d.TotalAmount, o => o.MapFrom((s, _, _, c) => Plan(c).Part(s).Amount));
    }

    private static SquareReturnPlan Plan(ResolutionContext context) => (SquareReturnPlan)context.Items[PlanKey];
}
