namespace Connector.Platforms.CommerceLayer.Model;

/// <summary>A market (<c>type: markets</c>); <c>mappings/commercelayer.json</c> maps its id or code to a Leat shop.</summary>
public sealed record CommerceLayerMarket
{
    public required string Id { get; init; }

    public string? Code { get; init; }

    public string? Name { get; init; }
}
