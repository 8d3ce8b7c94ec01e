using System.Collections.Concurrent;
using Connector.Leat.Client;
using Npgsql;

namespace Connector.Leat.Contacts;

/// <summary>
/// Email → Leat contact uuid, through Leat's find-or-create, cached in PostgreSQL so each customer costs
/// one Leat call in the connector's lifetime, across restarts and instances, and in memory in front of that
/// (an email's contact never changes, so the memory copy cannot go stale).
/// </summary>
public sealed class LeatContactDirectory(NpgsqlDataSource dataSource, ILeatClient leat)
{
    /// <summary>Bound on the in-memory copy; past it the copy is dropped and refilled from PostgreSQL.</summary>
    private const int MemoryLimit = 100_000;

    private readonly ConcurrentDictionary<string, string> _memory = new(StringComparer.Ordinal);

    /// <summary>The form emails are cached under: trimmed, lower-case (Leat treats addresses case-insensitively).</summary>
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The contact uuid for <paramref name="email"/>, creating the contact in Leat on first use.</summary>
    public async Task<string> ResolveAsync(string email, CancellationToken cancellationToken)
    {
        var key = Normalise(email);
        if (_memory.TryGetValue(key, out var remembered))
        {
            return remembered;
        }

        await using (var find = dataSource.CreateCommand("SELECT uuid FROM leat.contact WHERE email = @email"))
        {
            find.Parameters.AddWithValue("email", key);
            if (await find.ExecuteScalarAsync(cancellationToken) is string cached)
            {
                return Remember(key, cached);
            }
        }

        var contact = await leat.FindOrCreateContactAsync(key, cancellationToken);

        // Two workers may resolve the same new email at once; find-or-create gives both the same uuid,
        // and the first insert wins.
        await using var insert = dataSource.CreateCommand(
            "INSERT INTO leat.contact (email, uuid) VALUES (@email, @uuid) ON CONFLICT (email) DO NOTHING");
        insert.Parameters.AddWithValue("email", key);
        insert.Parameters.AddWithValue("uuid", contact.Uuid);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return Remember(key, contact.Uuid);
    }

    private string Remember(string email, string uuid)
    {
        if (_memory.Count >= MemoryLimit)
        {
            _memory.Clear();
        }

        _memory[email] = uuid;
        return uuid;
    }
}
