using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>NewStore's wire conventions: decimal major-unit amounts, event times with <c>Z</c>, GraphQL times without offset.</summary>
internal static class NewStoreJson
{
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(Wire);

    /// <summary>ISO-4217 exponent of the currencies the simulator sells in.</summary>
    public static int Decimals(string currency) => currency switch
    {
        "JPY" or "KRW" => 0,
        "KWD" or "BHD" => 3,
        _ => 2,
    };

    private static decimal Scale(string currency) => Decimals(currency) switch
    {
        0 => 1m,
        3 => 1000m,
        _ => 100m,
    };

    /// <summary>Minor units as NewStore's decimal major-unit number (5800 USD → 58, 494 → 4.94): exact, never floating point.</summary>
    public static decimal Major(long minor, string currency)
    {
        var value = minor / Scale(currency);

        // Drop trailing zeros so 58.00 is written 58, as NewStore's payloads do.
        return value / 1.0000000000000000000000000000m;
    }

    /// <summary>Event stream times: ISO-8601 UTC with milliseconds and <c>Z</c>.</summary>
    public static string EventTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>GraphQL times: implicit UTC, no offset (<c>2024-01-02T13:45:29.678</c>).</summary>
    public static string GraphQlTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at)
        && text!.Contains('T', StringComparison.Ordinal);

    /// <summary>Rounds half away from zero to whole minor units.</summary>
    public static long Round(decimal value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);
}
