using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>
/// Reads Leat's <c>errors</c> map where each value is a string or an array of strings (the PHP SDK handles both).
/// PHP encodes an empty map as <c>[]</c>, so any non-object reads as an empty map; non-string entries keep their raw JSON.
/// </summary>
public sealed class LeatFieldErrorsConverter : JsonConverter<IReadOnlyDictionary<string, IReadOnlyList<string>>>
{
    public override IReadOnlyDictionary<string, IReadOnlyList<string>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            var messages = new List<string>();
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    messages.Add(Text(item));
                }
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                messages.Add(Text(property.Value));
            }

            result[property.Name] = messages;
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, IReadOnlyList<string>> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (field, messages) in value)
        {
            writer.WriteStartArray(field);
            foreach (var message in messages)
            {
                writer.WriteStringValue(message);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText();
}
