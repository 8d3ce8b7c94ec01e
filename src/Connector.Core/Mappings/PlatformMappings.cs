using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Connector.Core.Mappings;

/// <summary>
/// The mapping files (<c>&lt;platform&gt;.json</c> in <see cref="MappingsOptions.Directory"/>), read once at start.
/// A malformed file stops the service with a message naming the file and the key, rather than failing
/// later on the first order from that platform.
/// </summary>
public sealed class PlatformMappings
{
    private readonly Dictionary<string, PlatformMapping> _platforms = new(StringComparer.OrdinalIgnoreCase);

    public PlatformMappings(IOptions<MappingsOptions> options)
    {
        var directory = Path.GetFullPath(options.Value.Directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MappingException($"The mappings folder {directory} does not exist (Mappings:Directory).");
        }

        foreach (var file in System.IO.Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var mapping = Read(file);
            _platforms[mapping.Platform] = mapping;
        }
    }

    /// <summary>Every platform that has a mapping file.</summary>
    public IEnumerable<PlatformMapping> All => _platforms.Values;

    /// <summary>The platform's mapping, or null when it has no file.</summary>
    public PlatformMapping? Find(string platform) => _platforms.GetValueOrDefault(platform);

    /// <summary>The Leat shop uuid (business profile) for a platform location.</summary>
    /// <exception cref="UnmappedLocationException">The location is not in the file.</exception>
    public string ResolveShop(string platform, string locationId)
    {
        var mapping = Find(platform);
        if (mapping is not null && mapping.Locations.TryGetValue(locationId, out var shop))
        {
            return shop;
        }

        throw new UnmappedLocationException(platform, locationId, mapping?.File ?? $"{platform}.json", mapping?.ShopKey ?? PlatformMapping.LocationsKey);
    }

    private static PlatformMapping Read(string file)
    {
        var name = Path.GetFileName(file);
        JsonElement root;
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new MappingException($"{name}: not valid JSON ({e.Message}).");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new MappingException($"{name}: the file must hold a JSON object.");
        }

        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = root.TryGetProperty(PlatformMapping.MarketsKey, out _) ? PlatformMapping.MarketsKey : PlatformMapping.LocationsKey;
        if (root.TryGetProperty(key, out var map))
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                throw new MappingException($"{name}: \"{key}\" must be an object of \"<{(key == PlatformMapping.MarketsKey ? "market id or code" : "location id")}>\": \"<Leat shop uuid>\".");
            }

            foreach (var location in map.EnumerateObject())
            {
                if (location.Value.ValueKind != JsonValueKind.String || !Guid.TryParse(location.Value.GetString(), out _))
                {
                    throw new MappingException($"{name}: {key}.{location.Name} must be a Leat shop uuid, not {location.Value.GetRawText()}.");
                }

                locations[location.Name] = location.Value.GetString()!;
            }
        }
        else
        {
            throw new MappingException($"{name}: \"locations\" is missing; map each location to a Leat shop uuid (\"markets\" for Commerce Layer).");
        }

        return new PlatformMapping(Path.GetFileNameWithoutExtension(file), name, locations, root, key);
    }
}
