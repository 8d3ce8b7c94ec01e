using Npgsql;

namespace Connector.Core.Intake;

/// <summary>The <c>intake.poll_checkpoint</c> table: how far each platform's poll has read, per scope and kind.</summary>
public sealed class PollCheckpoints(NpgsqlDataSource dataSource)
{
    /// <summary>The checkpoints of <paramref name="platform"/> in <paramref name="scope"/>, by kind.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> ReadAsync(string platform, string scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT kind, checkpoint FROM intake.poll_checkpoint WHERE platform = @platform AND scope = @scope");
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("scope", scope);
        var checkpoints = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return checkpoints;
    }

    /// <summary>Moves a checkpoint forward to <paramref name="at"/>; an older or overlapping scan never moves it back.</summary>
    public async Task AdvanceAsync(string platform, string scope, string kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO intake.poll_checkpoint AS c (platform, scope, kind, checkpoint, updated_at)
            VALUES (@platform, @scope, @kind, @at, now())
            ON CONFLICT (platform, scope, kind) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = EXCLUDED.updated_at
             WHERE c.checkpoint < EXCLUDED.checkpoint
            """);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
