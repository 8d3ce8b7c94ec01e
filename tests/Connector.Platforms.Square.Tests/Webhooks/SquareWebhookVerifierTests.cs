using System.Text;
using System.Text.Json;
using Connector.Platforms.Square.Webhooks;

namespace Connector.Platforms.Square.Tests.Webhooks;

public sealed class SquareWebhookVerifierTests
{
    private const string Url = "https://connector.example.com/webhooks/square";
    private const string Key = "Ibxx_5AKakO-3qeNVR61Dw";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"merchant_id":"MLEFBHHSJGVHD","type":"order.updated","event_id":"e-1","data":{"type":"order_updated","id":"O-1","object":{"order_updated":{"order_id":"O-1","note":"<b>5 > 3 & 'x'</b>"}}}}""");

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Vectors())
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void IsValid_matches_the_expected_outcome_when_given_a_shared_test_vector(string name)
    {
        var vector = Vectors().Single(v => v.GetProperty("name").GetString() == name);
        var body = Encoding.UTF8.GetBytes(vector.GetProperty("request_body").GetString()!);
        var url = vector.GetProperty("notification_url").GetString()!;
        var key = vector.GetProperty("signature_key").GetString()!;
        var header = vector.GetProperty("signature_header").GetString();

        Assert.Equal(vector.GetProperty("expected_valid").GetBoolean(), SquareWebhookVerifier.IsValid(header, key, url, body));
        if (vector.GetProperty("expected_valid").GetBoolean())
        {
            Assert.Equal(header, SquareWebhookVerifier.ComputeSignature(key, url, body));
        }
    }

    [Fact]
    public void ComputeSignature_gives_the_locally_derived_signature_when_the_url_has_a_trailing_slash()
    {
        var vector = Vectors().Single(v => v.TryGetProperty("computed_signature_for_this_url", out _));
        var body = Encoding.UTF8.GetBytes(vector.GetProperty("request_body").GetString()!);

        var signature = SquareWebhookVerifier.ComputeSignature(vector.GetProperty("signature_key").GetString()!, vector.GetProperty("notification_url").GetString()!, body);

        Assert.Equal(vector.GetProperty("computed_signature_for_this_url").GetString(), signature);
    }

    [Fact]
    public void IsValid_accepts_its_own_signature_when_nothing_changed()
    {
        var header = SquareWebhookVerifier.ComputeSignature(Key, Url, Body);

        Assert.Equal(44, header.Length);
        Assert.True(SquareWebhookVerifier.IsValid(header, Key, Url, Body));
    }

    [Theory]
    [InlineData(Url + "/")]
    [InlineData("http://connector.example.com/webhooks/square")]
    [InlineData(Url + "?merchant=1")]
    [InlineData("https://CONNECTOR.example.com/webhooks/square")]
    [InlineData("https://connector.example.com:443/webhooks/square")]
    public void IsValid_rejects_when_the_notification_url_differs(string configuredUrl)
    {
        var header = SquareWebhookVerifier.ComputeSignature(Key, Url, Body);

        Assert.False(SquareWebhookVerifier.IsValid(header, Key, configuredUrl, Body));
    }

    [Fact]
    public void IsValid_rejects_when_the_body_was_re_encoded()
    {
        var header = SquareWebhookVerifier.ComputeSignature(Key, Url, Body);
        using var document = JsonDocument.Parse(Body);

        // What a framework that parses and re-serialises would hand over: same JSON value, different bytes.
        var reserialised = JsonSerializer.SerializeToUtf8Bytes(document.RootElement);
        var indented = JsonSerializer.SerializeToUtf8Bytes(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        var trailingNewline = Body.Concat("\n"u8.ToArray()).ToArray();

        Assert.NotEqual(Body, reserialised);
        Assert.False(SquareWebhookVerifier.IsValid(header, Key, Url, reserialised));
        Assert.False(SquareWebhookVerifier.IsValid(header, Key, Url, indented));
        Assert.False(SquareWebhookVerifier.IsValid(header, Key, Url, trailingNewline));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("1z2n3DEJJiUPKcPzQo1ftvbxGdw=")]
    public void IsValid_rejects_when_the_header_is_missing_or_malformed(string? header)
    {
        Assert.False(SquareWebhookVerifier.IsValid(header, Key, Url, Body));
    }

    [Fact]
    public void IsValid_rejects_when_the_header_was_made_with_another_key()
    {
        var header = SquareWebhookVerifier.ComputeSignature("another-subscription-key", Url, Body);

        Assert.False(SquareWebhookVerifier.IsValid(header, Key, Url, Body));
    }

    [Fact]
    public void IsValid_rejects_when_one_bit_of_the_signature_is_flipped()
    {
        var mac = Convert.FromBase64String(SquareWebhookVerifier.ComputeSignature(Key, Url, Body));
        mac[^1] ^= 1;

        Assert.False(SquareWebhookVerifier.IsValid(Convert.ToBase64String(mac), Key, Url, Body));
    }

    [Fact]
    public void ComputeSignature_signs_the_utf8_bytes_when_the_body_and_url_are_not_ascii()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"order.updated","event_id":"ü-1","data":{"id":"Café ☕ 東京 😀"}}""");
        const string url = "https://connector.example.com/webhooks/squäre";
        var header = SquareWebhookVerifier.ComputeSignature(Key, url, body);

        // Independently: HMAC over the concatenated UTF-8 bytes.
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(url).Concat(body).ToArray()));

        Assert.Equal(expected, header);
        Assert.True(SquareWebhookVerifier.IsValid(header, Key, url, body));

        // The same text in UTF-16 is other bytes and must not verify.
        Assert.False(SquareWebhookVerifier.IsValid(header, Key, url, Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body))));
    }

    [Fact]
    public void IsValid_throws_when_the_key_or_url_is_not_configured()
    {
        var header = SquareWebhookVerifier.ComputeSignature(Key, Url, Body);

        Assert.Throws<ArgumentException>(() => SquareWebhookVerifier.IsValid(header, "", Url, Body));
        Assert.Throws<ArgumentException>(() => SquareWebhookVerifier.IsValid(header, Key, "", Body));
    }

    private static IEnumerable<JsonElement> Vectors()
    {
        using var document = JsonDocument.Parse(WebhookFixtures.Text("webhook-signature-test-vectors.json"));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
