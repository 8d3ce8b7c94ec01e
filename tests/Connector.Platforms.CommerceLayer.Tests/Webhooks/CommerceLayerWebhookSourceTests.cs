using System.Text;
using System.Text.Json;
using Connector.Platforms.CommerceLayer.Jobs;
using Connector.Platforms.CommerceLayer.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Tests.Webhooks;

/// <summary>The signature check over the raw bytes (shared vectors and our own) and how a verified delivery is read and routed.</summary>
public sealed class CommerceLayerWebhookSourceTests
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared", name);

    private static CommerceLayerWebhookSource Source(string secrets) =>
        new(new StaticMonitor(new CommerceLayerOptions { WebhookSharedSecret = secrets }));

    private static HttpRequest Request(string? signature, string? topic = "orders.approve")
    {
        var context = new DefaultHttpContext();
        if (signature is not null)
        {
            context.Request.Headers[CommerceLayerWebhookSource.SignatureHeader] = signature;
        }

        if (topic is not null)
        {
            context.Request.Headers[CommerceLayerWebhookSource.TopicHeader] = topic;
        }

        return context.Request;
    }

    public static TheoryData<string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string>();
        using var vectors = JsonDocument.Parse(File.ReadAllText(FixturePath("signature-test-vectors.self-computed.json")));
        foreach (var vector in vectors.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var body = vector.TryGetProperty("body", out var inline) ? inline.GetString()! : "@customers-create-webhook-raw-body.commercelayer-sdk-utils.json";
            data.Add(vector.GetProperty("secret").GetString()!, body, vector.GetProperty("expected_signature_base64").GetString()!);
        }

        return data;
    }

    private static byte[] Bytes(string body) => body.StartsWith('@') ? File.ReadAllBytes(FixturePath(body[1..])) : Encoding.UTF8.GetBytes(body);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_shared_vectors_verify_and_a_re_encoded_body_does_not(string secret, string body, string signature)
    {
        var source = Source(secret);
        var raw = Bytes(body);

        Assert.Null(source.Verify(Request(signature), raw));
        // The same JSON written again (indented) is other bytes: the signature covers the raw body, not its meaning.
        var reEncoded = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(JsonDocument.Parse(raw).RootElement, new JsonSerializerOptions { WriteIndented = true }));
        Assert.Equal("invalid signature", source.Verify(Request(signature), reEncoded));
        Assert.Equal("invalid signature", Source("wrong-secret").Verify(Request(signature), raw));
    }

    [Theory]
    [InlineData(null, "missing signature")]
    [InlineData("", "missing signature")]
    [InlineData("not base64!", "invalid signature")]
    [InlineData("AAAA", "invalid signature")]
    public void A_missing_or_malformed_signature_is_refused(string? header, string reason) =>
        Assert.Equal(reason, Source("s").Verify(Request(header), Encoding.UTF8.GetBytes("{}")));

    [Fact]
    public void Any_of_the_configured_secrets_verifies_one_per_webhook()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"id":"R1","type":"returns"}}""");
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("second"), body));

        Assert.Null(Source("first, second\nthird").Verify(Request(signature), body));
        Assert.Equal("invalid signature", Source("first,third").Verify(Request(signature), body));
        Assert.Equal("invalid signature", Source("").Verify(Request(signature), body));
    }

    [Fact]
    public void A_return_with_its_order_linkage_requests_the_orders_work_deduplicated_on_resource_topic_and_update()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"id":"R1","type":"returns","attributes":{"status":"received","updated_at":"2026-11-03T10:00:00.000Z"},"relationships":{"order":{"data":{"type":"orders","id":"O1"}}}}}""");

        var evt = Source("s").Parse(Request("x", "returns.receive"), body, out var invalid);

        Assert.Null(invalid);
        Assert.Equal(CommerceLayerJobKinds.Order("O1"), evt!.Work);
        Assert.Equal("returns:R1:returns.receive:2026-11-03T10:00:00.0000000Z", evt.EventId);
        Assert.Equal("R1", evt.ObjectId);
    }

    [Fact]
    public void A_refund_without_its_order_linkage_looks_the_order_up_first()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"id":"F1","type":"refunds","attributes":{"succeeded":true}}}""");

        var evt = Source("s").Parse(Request("x", "refunds.succeeded"), body, out _);

        Assert.Equal(CommerceLayerJobKinds.Refund("F1"), evt!.Work);
    }

    [Theory]
    [InlineData("""{"data":{"id":"O1","type":"orders"}}""", null, "missing or malformed X-CommerceLayer-Topic header")]
    [InlineData("""{"data":{"id":"O1","type":"orders"}}""", "returns.receive", "topic returns.receive is about returns, but the body is a orders resource")]
    [InlineData("""{"nope":1}""", "orders.place", "The document has no data object.")]
    [InlineData("""not json""", "orders.place", "Not a JSON document")]
    public void An_unusable_delivery_is_refused_with_the_reason(string body, string? topic, string reason)
    {
        var evt = Source("s").Parse(Request("x", topic), Encoding.UTF8.GetBytes(body), out var invalid);

        Assert.Null(evt);
        Assert.StartsWith(reason, invalid, StringComparison.Ordinal);
    }

    private sealed class StaticMonitor(CommerceLayerOptions value) : IOptionsMonitor<CommerceLayerOptions>
    {
        public CommerceLayerOptions CurrentValue => value;

        public CommerceLayerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CommerceLayerOptions, string?> listener) => null;
    }
}
