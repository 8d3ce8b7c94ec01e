using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>Field errors keyed by Laravel dotted paths (<c>line_items.0.price</c>), each a list of messages.</summary>
internal sealed class ValidationErrors
{
    private readonly List<KeyValuePair<string, List<string>>> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(string key, string message)
    {
        foreach (var (existingKey, messages) in _errors)
        {
            if (existingKey == key)
            {
                if (!messages.Contains(message))
                {
                    messages.Add(message);
                }

                return;
            }
        }

        _errors.Add(new(key, [message]));
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, messages) in _errors)
        {
            var array = new JsonArray();
            foreach (var message in messages)
            {
                array.Add(message);
            }

            json[key] = array;
        }

        return json;
    }
}
