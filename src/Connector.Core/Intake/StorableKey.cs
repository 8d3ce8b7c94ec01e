using System.Globalization;

namespace Connector.Core.Intake;

/// <summary>
/// Whether a value taken from a webhook can be used as a key: stored in an indexed text column, put in a job's
/// unique key, logged. A btree entry holds at most about 2700 bytes (a longer one fails the insert with "index row
/// size exceeds maximum"), and platforms' ids are short (Square's are about 30 characters), so anything longer than
/// <see cref="MaxLength"/> characters is not an id. Control characters are refused too: PostgreSQL text cannot hold
/// NUL, and the others have no place in an id and would corrupt logs.
/// </summary>
public static class StorableKey
{
    /// <summary>Longest accepted identifier, in UTF-16 characters (at most 1020 UTF-8 bytes, well inside a btree entry).</summary>
    public const int MaxLength = 255;

    /// <summary>Returns a short reason why <paramref name="value"/> of <paramref name="field"/> is not a usable key, or null.</summary>
    public static string? FindProblem(string field, string value, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{field} is {value.Length} characters long; at most {maxLength} are accepted");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{field} has a control character (U+{(int)c:X4})");
            }
        }

        return null;
    }
}
