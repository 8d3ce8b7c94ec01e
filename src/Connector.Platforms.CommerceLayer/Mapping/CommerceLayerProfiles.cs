using AutoMapper;
using Connector.Leat.Model;
using Connector.Platforms.CommerceLayer.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>
/// The structure of a Commerce Layer sale in Leat: order → order, product line item → line item, promotions →
/// applied discounts, shipments / payment fee / adjustments / tax → charges. Every amount comes from the
/// <see cref="CommerceLayerSalePlan"/> in the mapping context.
/// </summary>
internal sealed class CommerceLayerSaleProfile : Profile
{
    public const string PlanKey = "commercelayer.sale.plan";

    public CommerceLayerSaleProfile()
    {
        CreateMap<CommerceLayerOrder, LeatOrderRequest>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom(s => CommerceLayerIds.Order(s.Id)))
            .ForMember(d => d.Reference, o => o.MapFrom(s => s.Number ?? s.Id))
            .ForMember(d => d.Status, o => o.MapFrom(_ => LeatOrderStatus.Completed))
            .ForMember(d => d.PaymentStatus, o => o.MapFrom(_ => LeatPaymentStatus.Paid))
            .ForMember(d => d.TotalOrderAmount, o => o.MapFrom((_, _, _, c) => Plan(c).TotalOrderAmount))
            .ForMember(d => d.OrderAmount, o => o.MapFrom((_, _, _, c) => Plan(c).OrderAmount))
            .ForMember(d => d.TotalDiscountAmount, o => o.MapFrom((_, _, _, c) => NullIfZero(Plan(c).TotalDiscountAmount)))
            .ForMember(d => d.Currency, o => o.MapFrom((_, _, _, c) => Plan(c).Currency.Code))
            .ForMember(d => d.PaidAt, o => o.MapFrom(s => s.ApprovedAt ?? s.PlacedAt ?? s.CreatedAt))
            .ForMember(d => d.CompletedAt, o => o.MapFrom(s => s.PlacedAt ?? s.CreatedAt))
            // The dispatcher resolves the contact from customer_email (or the missing-email policy).
            .ForMember(d => d.Contact, o => o.MapFrom(_ => new LeatUuidRef(string.Empty)))
            .ForMember(d => d.BusinessProfile, o => o.MapFrom((_, _, _, c) => new LeatUuidRef(Plan(c).ShopUuid)))
            .ForMember(d => d.LineItems, o => o.MapFrom((_, _, _, c) => Plan(c).Lines))
            .ForMember(d => d.AppliedDiscounts, o => o.MapFrom((_, _, _, c) => NullIfEmpty(Plan(c).Discounts)))
            .ForMember(d => d.Charges, o => o.MapFrom((_, _, _, c) => NullIfEmpty(Plan(c).Charges)))
            // Leat payments name Leat gift-card or prepaid transactions; a Commerce Layer gift card is neither.
            .ForMember(d => d.Payments, o => o.Ignore());

        CreateMap<CommerceLayerLinePlan, LeatLineItem>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom(s => s.Id))
            .ForMember(d => d.TotalAmount, o => o.MapFrom(s => s.Total))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom(s => NullIfZero(s.Discount)))
            .ForMember(d => d.Product, o => o.MapFrom(s => new LeatExternalRef(s.ProductCode)))
            .ForMember(d => d.Result, o => o.Ignore())
            .ForMember(d => d.SubLineItems, o => o.Ignore());

        CreateMap<CommerceLayerDiscountPlan, LeatAppliedDiscount>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom(s => s.Id))
            .ForMember(d => d.Type, o => o.MapFrom(_ => LeatDiscountType.Absolute))
            .ForMember(d => d.Value, o => o.Ignore())
            .ForMember(d => d.AppliedTo, o => o.MapFrom(_ => LeatAppliedTo.OrderLines))
            .ForMember(d => d.LineItems, o => o.MapFrom(s => NullIfEmpty(s.Lines.Select(id => new LeatExternalRef(id)).ToList())))
            .ForMember(d => d.SubLineItems, o => o.Ignore())
            .ForMember(d => d.Charges, o => o.MapFrom(s => NullIfEmpty(s.Charges.Select(id => new LeatExternalRef(id)).ToList())))
            .ForMember(d => d.Offer, o => o.Ignore());

        CreateMap<CommerceLayerChargePlan, LeatCharge>()
            .ForMember(d => d.ExternalIdentifier, o => o.MapFrom(s => s.Id))
            .ForMember(d => d.DiscountAmount, o => o.MapFrom(s => NullIfZero(s.Discount)))
            .ForMember(d => d.TotalAmount, o => o.MapFrom(s => s.Total))
            .ForMember(d => d.ChargeDefinition, o => o.MapFrom(s => s.Definition == null ? null : new LeatExternalRef(s.Definition)));
    }

    internal static long? NullIfZero(long value) => value == 0 ? null : value;

    internal static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T> items) => items.Count == 0 ? null : items;

    private static CommerceLayerSalePlan Plan(ResolutionContext context) => (CommerceLayerSalePlan)context.Items[PlanKey];
}

/// <summary>The structure of a Leat order return built from Commerce Layer; every amount comes from the <see cref="CommerceLayerReturnPlan"/>.</summary>
internal sealed class CommerceLayerReturnProfile : Profile
{
    public CommerceLayerReturnProfile()
    {
        CreateMap<CommerceLayerReturnPlan, LeatOrderReturnRequest>()
            .ForMember(d => d.Order, o => o.MapFrom(s => new LeatOrderReference(null, CommerceLayerIds.Order(s.OrderId))))
            .ForMember(d => d.Status, o => o.MapFrom(_ => LeatReturnStatus.Completed))
            .ForMember(d => d.LineItems, o => o.MapFrom(s => CommerceLayerSaleProfile.NullIfEmpty(s.Lines)))
            .ForMember(d => d.AppliedDiscounts, o => o.Ignore())
            .ForMember(d => d.Charges, o => o.MapFrom(s => CommerceLayerSaleProfile.NullIfEmpty(s.Charges)));

        CreateMap<CommerceLayerReturnLinePlan, LeatReturnLineItem>()
            .ForMember(d => d.DiscountAmount, o => o.Ignore())
            .ForMember(d => d.SubLineItems, o => o.Ignore());

        CreateMap<CommerceLayerReturnChargePlan, LeatReturnCharge>()
            .ForMember(d => d.Amount, o => o.MapFrom(s => s.TotalAmount))
            .ForMember(d => d.DiscountAmount, o => o.Ignore());
    }
}

/// <summary>The AutoMapper configuration of the Commerce Layer profiles, built once (building compiles expression trees).</summary>
internal static class CommerceLayerMapperConfiguration
{
    private static IMapper? _mapper;

    /// <summary>The shared mapper; without <see cref="Initialize"/> (tests) it is unlicensed and logs nowhere.</summary>
    public static IMapper Mapper => _mapper ??= Create(null, NullLoggerFactory.Instance).CreateMapper();

    /// <summary>Builds the mapper with the host's <c>AutoMapper:LicenseKey</c> and logger factory.</summary>
    public static void Initialize(string? licenseKey, ILoggerFactory loggers) => _mapper = Create(licenseKey, loggers).CreateMapper();

    public static MapperConfiguration Create(string? licenseKey = null, ILoggerFactory? loggers = null) =>
        new(
            cfg =>
            {
                if (!string.IsNullOrWhiteSpace(licenseKey))
                {
                    cfg.LicenseKey = licenseKey;
                }

                cfg.AllowNullCollections = true;
                cfg.AddProfile(new CommerceLayerSaleProfile());
                cfg.AddProfile(new CommerceLayerReturnProfile());
            },
            loggers ?? NullLoggerFactory.Instance);
}
