namespace Connector.Platforms.CommerceLayer.Sync;

/// <summary>The platform's stored name: ledger rows, inbox rows, the mapping file <c>commercelayer.json</c>.</summary>
public static class CommerceLayerPlatformName
{
    public const string Value = "commercelayer";
}
