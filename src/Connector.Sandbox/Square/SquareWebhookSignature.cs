using System.Security.Cryptography;
using System.Text;

namespace Connector.Sandbox.Square;

/// <summary>Square's webhook signature, computed independently of the product's verifier.</summary>
public static class SquareWebhookSignature
{
    /// <summary>The header Square puts the signature in.</summary>
    public const string HeaderName = "x-square-hmacsha256-signature";

    /// <summary>Base64(HMAC-SHA256(UTF-8(key), UTF-8(notificationUrl) + body)): URL first, no separator, key used verbatim.</summary>
    public static string Compute(string signatureKey, string notificationUrl, ReadOnlySpan<byte> body)
    {
        var url = Encoding.UTF8.GetBytes(notificationUrl);
        var payload = new byte[url.Length + body.Length];
        url.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(url.Length));
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signatureKey), payload));
    }
}
