using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.Square;

/// <summary>Small helpers for Square's wire conventions: Money objects, RFC 3339 times, decimal-string quantities, rounding.</summary>
internal static class SquareJson
{
    /// <summary>
    /// Square does not escape HTML-sensitive characters (the ">id&lt;" signature vector exists for that); answering with
    /// raw characters makes a receiver that re-serialises before verifying fail here as it would in production.
    /// </summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writer settings that produce exactly what <see cref="Serialize"/> produces, so cached bytes and fresh trees agree.</summary>
    public static readonly JsonWriterOptions WireWriter = new() { Encoder = Wire.Encoder };

    public static string Serialize(JsonNode node) => node.ToJsonString(Wire);

    /// <summary>The node's wire form as UTF-8, the same bytes <see cref="Serialize"/> would encode to.</summary>
    public static byte[] SerializeToUtf8(JsonNode node) => Write(writer => node.WriteTo(writer, Wire)).ToArray();

    /// <summary>
    /// Writes a response body straight to UTF-8. Handlers use it to splice cached objects in with
    /// <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/> instead of building a tree per request.
    /// </summary>
    public static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write, int sizeHint = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(sizeHint);
        using (var writer = new Utf8JsonWriter(buffer, WireWriter))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }

    public static JsonObject Money(long amount, string currency) => new() { ["amount"] = amount, ["currency"] = currency };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at)
        && text!.Contains('T', StringComparison.Ordinal);

    /// <summary>Quantities are decimal strings without trailing zeros ("1.5", "2").</summary>
    public static string Quantity(decimal quantity) => (quantity / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>Square rounds its order calculations half to even (banker's rounding).</summary>
    public static long Round(decimal value) => (long)Math.Round(value, MidpointRounding.ToEven);

    public static long Amount(JsonNode? money) => money?["amount"] is { } amount ? Long(amount) : 0;

    /// <summary>Reads an integer whether the node was parsed from text or built in memory from an int or a long.</summary>
    public static long Long(JsonNode node) => node.AsValue().TryGetValue<long>(out var value) ? value : node.GetValue<int>();

    /// <summary>
    /// Splits <paramref name="total"/> over <paramref name="weights"/> so the parts sum exactly to the total: floor shares,
    /// then the remainder one unit at a time to the largest fractional parts (earlier index wins ties).
    /// </summary>
    public static long[] Apportion(long total, IReadOnlyList<long> weights)
    {
        var parts = new long[weights.Count];
        var sum = weights.Sum();
        if (sum <= 0 || total == 0)
        {
            return parts;
        }

        var remainders = new decimal[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (decimal)total * weights[i] / sum;
            parts[i] = (long)Math.Floor(exact);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }

        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(total - given)))
        {
            parts[i]++;
        }

        return parts;
    }
}
