using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>
/// Verifies Square's <c>x-square-hmacsha256-signature</c> header: Base64(HMAC-SHA256(key, UTF-8(notification URL) +
/// raw body)). Works on the bytes exactly as received; never re-serialise a body before verifying it (System.Text.Json
/// would, for example, escape <c>&lt;</c> and change the signed bytes).
/// </summary>
public static class SquareWebhookVerifier
{
    /// <summary>The request header that carries the signature.</summary>
    public const string SignatureHeader = "x-square-hmacsha256-signature";

    private const int MacSize = HMACSHA256.HashSizeInBytes;

    /// <summary>
    /// The signature Square sends for <paramref name="body"/> delivered to <paramref name="notificationUrl"/>. Tests and
    /// the simulator use it to sign deliveries.
    /// </summary>
    /// <param name="signatureKey">The subscription's signature key, used verbatim as UTF-8 (it is not Base64-decoded).</param>
    /// <param name="notificationUrl">The notification URL exactly as registered with Square (scheme, host, path, trailing slash, query).</param>
    /// <param name="body">The raw request body.</param>
    public static string ComputeSignature(string signatureKey, string notificationUrl, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[MacSize];
        Compute(signatureKey, notificationUrl, body, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// True when <paramref name="header"/> is the signature of <paramref name="body"/> for this key and URL. A missing,
    /// empty or malformed (not Base64, wrong length) header is simply invalid. The comparison takes the same time
    /// wherever the first differing byte is, so the signature cannot be guessed byte by byte.
    /// </summary>
    public static bool IsValid(string? header, string signatureKey, string notificationUrl, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(signatureKey);
        ArgumentException.ThrowIfNullOrEmpty(notificationUrl);
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        Span<byte> received = stackalloc byte[MacSize];
        if (!Convert.TryFromBase64String(header, received, out var written) || written != MacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        Compute(signatureKey, notificationUrl, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    private static void Compute(string signatureKey, string notificationUrl, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(signatureKey);
        ArgumentException.ThrowIfNullOrEmpty(notificationUrl);
        var key = Encoding.UTF8.GetBytes(signatureKey);
        try
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            var urlBytes = Encoding.UTF8.GetByteCount(notificationUrl);
            var rented = ArrayPool<byte>.Shared.Rent(urlBytes);
            try
            {
                var written = Encoding.UTF8.GetBytes(notificationUrl, rented);
                hmac.AppendData(rented.AsSpan(0, written));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            hmac.AppendData(body);
            hmac.GetHashAndReset(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
