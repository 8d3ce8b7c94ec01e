using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// Writes a time as NewStore's docs show them (<c>2019-01-17T12:00:00.000Z</c>: UTC, milliseconds, <c>Z</c>) rather than
/// System.Text.Json's <c>+00:00</c>; reads any ISO 8601 time, one without offset as UTC.
/// </summary>
public sealed class NewStoreUtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"'{reader.GetString()}' is not an ISO 8601 time.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
