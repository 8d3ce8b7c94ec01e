using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256 password hashes for dashboard users, written as
/// <c>PBKDF2-SHA256$iterations$salt$hash</c> (base64). The iteration count is stored in the hash so it can be
/// raised later without invalidating existing hashes.
/// </summary>
public static class DashboardPasswordHasher
{
    private const string Prefix = "PBKDF2-SHA256";

    // OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    private const int DefaultIterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, DefaultIterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Prefix}${DefaultIterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="encodedHash"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, string encodedHash)
    {
        if (!TryParse(encodedHash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when <paramref name="encodedHash"/> has the format <see cref="Hash"/> writes.</summary>
    public static bool IsWellFormed(string encodedHash) => TryParse(encodedHash, out _, out _, out _);

    // Compares clear-text passwords (development configuration) without leaking their length or prefix through timing.
    internal static bool VerifyClearText(string password, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    private static bool TryParse(string encodedHash, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encodedHash.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 10_000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }
}
