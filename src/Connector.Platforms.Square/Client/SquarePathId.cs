using System.Buffers;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// An id that goes into a Square URL path, checked before any request. Ids reach the client from webhooks, so a
/// hostile one such as <c>..</c> or <c>A/../../v2/refunds</c> would otherwise address another Square endpoint
/// (<c>Uri.EscapeDataString</c> leaves dots alone, and <c>HttpClient</c> resolves dot segments). Square's ids are
/// letters, digits, <c>_</c> and <c>-</c>, and short (orders about 30 characters, refunds about 75); anything else is
/// refused with a permanent <see cref="SquareApiException"/>, which fails the job without retrying.
/// </summary>
internal static class SquarePathId
{
    /// <summary>Longest accepted id, as for every key taken from a webhook (<c>StorableKey.MaxLength</c>).</summary>
    public const int MaxLength = 255;

    private const int MaxQuoted = 40;

    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>
    /// Returns <paramref name="id"/> unchanged, or throws when it is not shaped like a Square id. Refit escapes the
    /// returned id as one path segment (once: the id is not escaped here, so nothing is escaped twice).
    /// <paramref name="kind"/> names it in the message ("order id"); <paramref name="quote"/> false keeps personal
    /// data (a customer id) out of the message.
    /// </summary>
    public static string Check(string kind, string id, bool quote = true)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0 || id.Length > MaxLength || id.AsSpan().ContainsAnyExcept(IdCharacters))
        {
            var shown = !quote ? "" : id.Length > MaxQuoted ? $" '{Printable(id[..MaxQuoted])}…' ({id.Length} characters)" : $" '{Printable(id)}'";
            throw new SquareApiException(
                null,
                null,
                $"{kind}{shown} is not a Square id (1 to {MaxLength} letters, digits, '_' or '-'); no request was sent",
                isTransient: false);
        }

        return id;
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < (char)0x7F ? c.ToString() : $"\\u{(int)c:x4}"));
}
