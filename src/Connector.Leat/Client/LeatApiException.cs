using System.Globalization;
using System.Text;

namespace Connector.Leat.Client;

/// <summary>
/// Every failure of a Leat call. Callers decide with <see cref="IsTransient"/> (retry later) and
/// <see cref="MayHaveTakenEffect"/> (the request reached Leat but we never saw the answer: look before acting again).
/// </summary>
public sealed class LeatApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFieldErrors =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Creates the exception; the message is built from the other values.</summary>
    public LeatApiException(
        int? httpStatus,
        int? leatCode,
        string leatMessage,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? fieldErrors = null,
        bool? isTransient = null,
        TimeSpan? retryAfter = null,
        bool? mayHaveTakenEffect = null,
        Exception? innerException = null)
        : base(FormatMessage(httpStatus, leatCode, leatMessage, fieldErrors), innerException)
    {
        HttpStatus = httpStatus;
        LeatCode = leatCode;
        LeatMessage = leatMessage;
        FieldErrors = fieldErrors ?? NoFieldErrors;
        IsTransient = isTransient ?? (httpStatus is not { } status || IsTransientStatus(status));
        RetryAfter = retryAfter;
        MayHaveTakenEffect = mayHaveTakenEffect ?? (httpStatus is not { } answered || (answered >= 500 && answered != 503));
    }

    public LeatApiException()
        : this(null, null, "Leat call failed.")
    {
    }

    public LeatApiException(string message)
        : this(null, null, message)
    {
    }

    public LeatApiException(string message, Exception innerException)
        : this(null, null, message, innerException: innerException)
    {
    }

    /// <summary>HTTP status of Leat's answer; null when no answer came back (connection failure, timeout).</summary>
    public int? HttpStatus { get; }

    /// <summary>Leat's numeric error code (e.g. 1003 invalid input), when the body carried one.</summary>
    public int? LeatCode { get; }

    /// <summary>Leat's own message, or a description of what went wrong on the wire.</summary>
    public string LeatMessage { get; }

    /// <summary>Field key (e.g. <c>line_items.0.price</c>) → messages. Empty when Leat sent none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; }

    /// <summary>408, 429, 5xx, connection failures and timeouts: worth retrying later. Everything else is permanent.</summary>
    public bool IsTransient { get; }

    /// <summary>Leat's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True when the request may have been executed by Leat although we did not get a success answer: it was sent and
    /// no answer came back (timeout, connection dropped), or Leat answered a 5xx other than 503 (maintenance rejects
    /// before doing anything). A create must then be preceded by a find before it is tried again.
    /// </summary>
    public bool MayHaveTakenEffect { get; }

    /// <summary>
    /// A guess, not verified against a real account (Leat does not document the answer to a duplicate
    /// <c>external_identifier</c>): a 422 whose field errors mention <c>external_identifier</c> with "taken", "already"
    /// or "exists" — the wording Laravel's unique rule produces.
    /// </summary>
    public bool IsDuplicateExternalIdentifier =>
        HttpStatus == 422
        && FieldErrors.Any(entry =>
            entry.Key.Contains("external_identifier", StringComparison.OrdinalIgnoreCase)
            && entry.Value.Any(message =>
                message.Contains("taken", StringComparison.OrdinalIgnoreCase)
                || message.Contains("already", StringComparison.OrdinalIgnoreCase)
                || message.Contains("exists", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The classification of an HTTP status Leat answered with.</summary>
    public static bool IsTransientStatus(int httpStatus) => httpStatus is 408 or 429 || httpStatus >= 500;

    private static string FormatMessage(
        int? httpStatus,
        int? leatCode,
        string leatMessage,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? fieldErrors)
    {
        var text = new StringBuilder();
        if (httpStatus is { } status)
        {
            text.Append(CultureInfo.InvariantCulture, $"Leat answered {status}");
        }
        else
        {
            text.Append("Leat call failed without an answer");
        }

        if (leatCode is { } code)
        {
            text.Append(CultureInfo.InvariantCulture, $" (code {code})");
        }

        text.Append(": ").Append(leatMessage);
        if (fieldErrors is { Count: > 0 })
        {
            text.Append(' ');
            text.AppendJoin("; ", fieldErrors.Select(entry => $"{entry.Key}: {string.Join(" ", entry.Value)}"));
        }

        return text.ToString();
    }
}
