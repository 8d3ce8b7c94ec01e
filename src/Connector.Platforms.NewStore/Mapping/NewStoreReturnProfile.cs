using AutoMapper;
using Connector.Leat.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// The structure of a Leat order return built from NewStore: it references the sale <c>newstore:&lt;order id&gt;</c> by
/// external identifier, its lines the sale's lines by item id and its charges the sale's shipping and tax charges.
/// Every amount comes from the <see cref="NewStoreReturnPlan"/>.
/// </summary>
internal sealed class NewStoreReturnProfile : Profile
{
    public NewStoreReturnProfile()
    {
        CreateMap<NewStoreReturnPlan, LeatOrderReturnRequest>()
            .ForMember(d => d.Order, o => o.MapFrom(s => new LeatOrderReference(null, NewStoreIds.Order(s.OrderId))))
            // return.processed, a cancellation and an appeasement are all settled when NewStore reports them.
            .ForMember(d => d.Status, o => o.MapFrom(_ => LeatReturnStatus.Completed))
            .ForMember(d => d.LineItems, o => o.MapFrom(s => NewStoreSaleProfile.NullIfEmpty(s.Lines)))
            .ForMember(d => d.AppliedDiscounts, o => o.Ignore())
            .ForMember(d => d.Charges, o => o.MapFrom(s => NewStoreSaleProfile.NullIfEmpty(s.Charges)));

        CreateMap<NewStoreReturnLinePlan, LeatReturnLineItem>()
            .ForMember(d => d.DiscountAmount, o => o.Ignore())
            .ForMember(d => d.SubLineItems, o => o.Ignore());

        CreateMap<NewStoreReturnChargePlan, LeatReturnCharge>()
            .ForMember(d => d.Amount, o => o.MapFrom(s => s.TotalAmount))
            .ForMember(d => d.DiscountAmount, o => o.Ignore());
    }
}
