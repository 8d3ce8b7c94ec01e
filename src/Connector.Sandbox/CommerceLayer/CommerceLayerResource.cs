using System.Text.Json.Nodes;

namespace Connector.Sandbox.CommerceLayer;

/// <summary>One stored JSON:API resource: attributes plus relationships by name (to-one or to-many linkage).</summary>
internal sealed class CommerceLayerResource(string type, string id)
{
    public string Type { get; } = type;

    public string Id { get; } = id;

    public JsonObject Attributes { get; } = [];

    /// <summary>Relationship name → (to-many?, linked resources as type/id).</summary>
    public Dictionary<string, (bool Many, List<(string Type, string Id)> Links)> Relationships { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset UpdatedAt { get; set; }

    public void Link(string name, string type, string id, bool many)
    {
        if (!Relationships.TryGetValue(name, out var rel))
        {
            rel = (many, []);
            Relationships[name] = rel;
        }

        if (!many)
        {
            rel.Links.Clear();
        }

        if (!rel.Links.Contains((type, id)))
        {
            rel.Links.Add((type, id));
        }
    }
}
