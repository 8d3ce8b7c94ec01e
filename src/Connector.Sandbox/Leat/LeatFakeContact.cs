using System.Security.Cryptography;
using System.Text;

namespace Connector.Sandbox.Leat;

/// <summary>A contact held by the fake, as seeded or as created by <c>contacts/find-or-create</c>.</summary>
/// <param name="Email">Normalised (trimmed, lower-case) email.</param>
/// <param name="Uuid">Contact uuid; <see cref="ForEmail"/> derives a stable one from the email.</param>
/// <param name="Balance">Loyalty points balance.</param>
public sealed record LeatFakeContact(string Email, string Uuid, long Balance = 0)
{
    /// <summary>
    /// A contact whose uuid is derived from the normalised email, so the same email gets the same uuid
    /// in every fake instance and every run (tests and sandbox configuration can rely on it).
    /// </summary>
    public static LeatFakeContact ForEmail(string email, long balance = 0)
    {
        var normalised = NormaliseEmail(email);
        return new LeatFakeContact(normalised, UuidFor(normalised), balance);
    }

    /// <summary>Leat treats emails case-insensitively; the fake trims and lower-cases them.</summary>
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    private static string UuidFor(string normalisedEmail)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("leat-fake-contact:" + normalisedEmail), hash);
        var bytes = hash[..16];
        // Mark it as a name-based (version 5 style) RFC 4122 uuid so it looks like what Leat hands out.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
