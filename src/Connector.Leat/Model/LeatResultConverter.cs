using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>
/// Reads <c>result</c> without ever failing: by the time we read it the order exists in Leat, so a result we do not
/// understand (unknown type, <c>[]</c> from PHP for an empty object, fractional or textual numbers) must degrade to
/// nulls, never to an exception that would make the dispatcher believe the call failed.
/// </summary>
public sealed class LeatResultConverter : JsonConverter<LeatResult>
{
    public override LeatResult? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? type = null;
        if (root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind != JsonValueKind.Null)
        {
            type = typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : typeElement.GetRawText();
        }

        LeatResultData? data = null;
        if (root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind == JsonValueKind.Object)
        {
            data = new LeatResultData(ReadInt64(dataElement, "points"), ReadInt64(dataElement, "new_balance"));
        }

        return new LeatResult(type, data);
    }

    public override void Write(Utf8JsonWriter writer, LeatResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Type is not null)
        {
            writer.WriteString("type", value.Type);
        }

        if (value.Data is { } data)
        {
            writer.WriteStartObject("data");
            if (data.Points is { } points)
            {
                writer.WriteNumber("points", points);
            }

            if (data.NewBalance is { } balance)
            {
                writer.WriteNumber("new_balance", balance);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static long? ReadInt64(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number when element.TryGetDecimal(out var fractional) && fractional == decimal.Truncate(fractional)
                && fractional is >= long.MinValue and <= long.MaxValue => (long)fractional,
            JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
