namespace Connector.Core.Mappings;

/// <summary>Where the merchant-editable mapping files live; bound from <c>Mappings</c>.</summary>
public sealed class MappingsOptions
{
    public const string SectionName = "Mappings";

    /// <summary>Folder of <c>&lt;platform&gt;.json</c> files; relative paths are resolved from the working directory.</summary>
    public string Directory { get; set; } = "mappings";
}
