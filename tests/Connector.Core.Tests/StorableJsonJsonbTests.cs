using System.Text;
using Connector.Core.Intake;
using Connector.Testing;
using Npgsql;

namespace Connector.Core.Tests;

/// <summary>The validator against the real thing: a generated corpus of bodies, each cast to jsonb by PostgreSQL.</summary>
public sealed class StorableJsonJsonbTests
{
    private static readonly string[] Strings =
    [
        "plain", "\\u0000", "a\\u0000b", "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800\\udc00", "\\udbff\\udfff", "\\ud800\\u0041",
        "\\ud800x", "\\udc00\\ud800", "\\u0001", "\\u00e9", "\\uffff", "\\ufffe", "\\\\u0000", "\\\"", "\\/", "\\n\\t", "é", "😀", "\u2028", "\u007f",
    ];

    private static readonly string[] Mantissas = ["0", "-0", "1", "-1", "9", "9999", "0.0", "0.5", "1.5", "12.000", "0.00001", "99999.99999", "10000"];

    private static readonly long[] Exponents =
    [
        0, 1, -1, 4, -4, 131067, 131068, 131070, 131071, 131072, 131073, 131076, 131077, -16377, -16378, -16382, -16383, -16384, -16385,
        1000000, -1000000, 1073741822, 1073741823, -1073741822, -1073741823, 2147483647, 99999999999999999,
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0x80],
    ];

    [Fact]
    public async Task FindProblem_accepts_exactly_what_a_jsonb_cast_accepts_over_a_generated_corpus()
    {
        var corpus = Corpus(new Random(20261203)).ToList();
        var storable = await JsonbAcceptsAsync(corpus);

        var disagreements = corpus
            .Select((body, i) => (Body: body, Validator: StorableJson.FindProblem(body), Jsonb: storable[i]))
            .Where(c => (c.Validator is null) != c.Jsonb)
            .Select(c => $"{StorableJsonQuote(c.Body)}: validator says {c.Validator ?? "storable"}, jsonb says {(c.Jsonb ? "storable" : "refused")}")
            .ToList();

        Assert.Empty(disagreements);

        // Both kinds well represented, so the agreement means something.
        Assert.InRange(storable.Count(s => s), 300, corpus.Count - 300);
    }

    private static IEnumerable<byte[]> Corpus(Random random)
    {
        foreach (var text in Strings)
        {
            yield return Encoding.UTF8.GetBytes($$"""{"id":"{{text}}"}""");
            yield return Encoding.UTF8.GetBytes($$"""{"{{text}}":1}""");
        }

        foreach (var mantissa in Mantissas)
        {
            foreach (var exponent in Exponents)
            {
                yield return Encoding.UTF8.GetBytes($"[{mantissa}e{exponent}]");
                yield return Encoding.UTF8.GetBytes($"[{mantissa}E-{exponent}]");
            }
        }

        // Digits, not exponents: the limits reached by length.
        yield return Encoding.UTF8.GetBytes("[1" + new string('0', 131071) + "]");
        yield return Encoding.UTF8.GetBytes("[1" + new string('0', 131072) + "]");
        yield return Encoding.UTF8.GetBytes("[0." + new string('0', 16382) + "1]");
        yield return Encoding.UTF8.GetBytes("[0." + new string('0', 16383) + "1]");
        yield return Encoding.UTF8.GetBytes("[1." + new string('0', 16384) + "]");

        foreach (var bad in BadUtf8)
        {
            yield return [.. "{\"s\":\""u8, .. bad, .. "\"}"u8];
        }

        // Random envelopes mixing all of the above, at random depths.
        for (var i = 0; i < 1500; i++)
        {
            yield return RandomBody(random);
        }
    }

    private static byte[] RandomBody(Random random)
    {
        var parts = new List<byte[]>();
        var depth = random.Next(1, 6);
        var path = new Stack<bool>();
        for (var d = 0; d < depth; d++)
        {
            var isArray = random.Next(2) == 0;
            path.Push(isArray);
            parts.Add(Encoding.UTF8.GetBytes(isArray ? "[\"x\"," : $"{{\"k{d}\":0,\"{Pick(random, Strings, 0.1)}\":"));
        }

        parts.Add(random.Next(4) switch
        {
            0 => Encoding.UTF8.GetBytes($"\"{Pick(random, Strings, 0.3)}{Pick(random, Strings, 0.3)}\""),
            1 => Encoding.UTF8.GetBytes($"{Mantissas[random.Next(Mantissas.Length)]}e{(random.Next(2) == 0 ? "-" : "+")}{Exponents[random.Next(Exponents.Length)]}"),
            2 => [(byte)'"', .. (random.Next(5) == 0 ? BadUtf8[random.Next(BadUtf8.Length)] : "ok"u8.ToArray()), (byte)'"'],
            _ => Encoding.UTF8.GetBytes(Mantissas[random.Next(Mantissas.Length)]),
        });
        while (path.Count > 0)
        {
            parts.Add(path.Pop() ? "]"u8.ToArray() : "}"u8.ToArray());
        }

        return [.. parts.SelectMany(p => p)];
    }

    // Mostly harmless text, sometimes one of the hostile strings.
    private static string Pick(Random random, string[] strings, double hostile) => random.NextDouble() < hostile ? strings[random.Next(strings.Length)] : "v";

    private static string StorableJsonQuote(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    /// <summary>One round trip: each body cast to jsonb in its own exception block.</summary>
    private static async Task<bool[]> JsonbAcceptsAsync(List<byte[]> corpus)
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        await using (var create = dataSource.CreateCommand(
            """
            CREATE FUNCTION jsonb_accepts(body bytea) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM convert_from(body, 'UTF8')::jsonb;
                RETURN true;
            EXCEPTION WHEN OTHERS THEN
                RETURN false;
            END $$
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var command = dataSource.CreateCommand("SELECT jsonb_accepts(b) FROM unnest(@bodies) WITH ORDINALITY AS t(b, n) ORDER BY n");
        command.Parameters.AddWithValue("bodies", corpus.ToArray());
        var results = new List<bool>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            results.Add(reader.GetBoolean(0));
        }

        return [.. results];
    }
}
