using System.Text.Json.Nodes;

namespace Connector.Sandbox.Square;

/// <summary>
/// The wire bytes of each stored object (order, refund, customer), serialised at its first read after a change instead
/// of cloned and serialised on every read: benchmarks run the simulator on the cores they measure. Not thread-safe:
/// every call happens under the state's lock, and every in-place change of a stored object must call
/// <see cref="Invalidate"/> in the same locked section, or readers get the old bytes.
/// </summary>
internal sealed class SquareJsonCache(Dictionary<string, JsonObject> store)
{
    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    /// <summary>The object's wire form, or null when there is no such object.</summary>
    public byte[]? Get(string id)
    {
        if (_bytes.TryGetValue(id, out var bytes))
        {
            return bytes;
        }

        if (!store.TryGetValue(id, out var node))
        {
            return null;
        }

        bytes = SquareJson.SerializeToUtf8(node);
        _bytes[id] = bytes;
        return bytes;
    }

    /// <summary>Forgets the bytes of an object that was added or changed.</summary>
    public void Invalidate(string id) => _bytes.Remove(id);
}
