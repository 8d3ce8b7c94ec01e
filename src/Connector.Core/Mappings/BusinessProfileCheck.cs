using Connector.Leat.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.Core.Mappings;

/// <summary>
/// At start-up: reads the mapping files (a bad file stops the service), then, when Leat is reachable, reports
/// every mapped shop uuid that Leat does not know, naming the file and location. An unreachable Leat is
/// reported too but does not stop the service: the jobs will wait and retry.
/// </summary>
public sealed partial class BusinessProfileCheck(PlatformMappings mappings, ILeatClient leat, ILogger<BusinessProfileCheck> logger) : IHostedService
{
    /// <summary>Mapped (file, location, shop uuid) triples that Leat does not know; filled by the start-up check.</summary>
    public IReadOnlyList<(string File, string Location, string ShopUuid)> UnknownShops { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mapped = mappings.All.SelectMany(m => m.Locations.Select(l => (m.File, Location: l.Key, ShopUuid: l.Value))).ToList();
        if (mapped.Count == 0)
        {
            return;
        }

        IReadOnlyList<Leat.Model.LeatShop> shops;
        try
        {
            shops = await leat.ListShopsAsync(cancellationToken);
        }
        catch (LeatApiException e)
        {
            LogLeatUnreachable(logger, e.Message);
            return;
        }

        var known = shops.Select(s => s.Uuid).ToHashSet(StringComparer.OrdinalIgnoreCase);
        UnknownShops = mapped.Where(m => !known.Contains(m.ShopUuid)).ToList();
        foreach (var (file, location, shop) in UnknownShops)
        {
            LogUnknownShop(logger, file, location, shop);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "{File}: location {Location} maps to Leat shop {ShopUuid}, which Leat does not know; its orders will fail until the file is fixed")]
    private static partial void LogUnknownShop(ILogger logger, string file, string location, string shopUuid);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Could not check the mapped shops against Leat at start-up: {Error}")]
    private static partial void LogLeatUnreachable(ILogger logger, string error);
}
