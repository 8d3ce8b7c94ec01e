using System.Text;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Client;

/// <summary>
/// Any failed Square call: an error answer (with Square's <c>errors[]</c> when it sent them), no answer at all
/// (connection failure, timeout), or an answer we could not read. <see cref="IsTransient"/> tells the job engine
/// whether a later attempt can succeed.
/// </summary>
public sealed class SquareApiException : Exception
{
    public SquareApiException(
        int? httpStatus,
        IReadOnlyList<SquareError>? errors,
        string description,
        bool? isTransient = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(FormatMessage(httpStatus, errors ?? [], description), innerException)
    {
        HttpStatus = httpStatus;
        Errors = errors ?? [];
        Description = description;
        IsTransient = isTransient ?? (httpStatus is { } status && IsTransientStatus(status));
        RetryAfter = retryAfter;
    }

    public SquareApiException()
        : this(null, null, "unknown failure")
    {
    }

    public SquareApiException(string message)
        : this(null, null, message)
    {
    }

    public SquareApiException(string message, Exception innerException)
        : this(null, null, message, innerException: innerException)
    {
    }

    /// <summary>The HTTP status Square answered with; null when no answer arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>Square's <c>errors[]</c> (category, code, detail, field); empty when the body had none.</summary>
    public IReadOnlyList<SquareError> Errors { get; }

    /// <summary>What went wrong when Square sent no <c>errors[]</c> (or what the client itself found wrong).</summary>
    public string Description { get; }

    /// <summary>408, 429, 5xx, connection failures and timeouts: worth retrying later. Other 4xx are permanent.</summary>
    public bool IsTransient { get; }

    /// <summary>Square's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>404, or an error with code <c>NOT_FOUND</c>.</summary>
    public bool IsNotFound => HttpStatus == 404 || Errors.Any(error => error.Code == SquareErrorCode.NotFound);

    /// <summary>The classification of an HTTP status Square answered with.</summary>
    public static bool IsTransientStatus(int httpStatus) => httpStatus is 408 or 429 || httpStatus >= 500;

    private static string FormatMessage(int? httpStatus, IReadOnlyList<SquareError> errors, string description)
    {
        var text = new StringBuilder(httpStatus is { } status ? $"Square answered {status}: " : "Square call failed without an answer: ");
        if (errors.Count == 0)
        {
            return text.Append(description).ToString();
        }

        for (var i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            if (i > 0)
            {
                text.Append("; ");
            }

            text.Append(error.Category ?? "?").Append('/').Append(error.Code ?? "?");
            if (!string.IsNullOrWhiteSpace(error.Detail))
            {
                text.Append(": ").Append(error.Detail);
            }

            if (!string.IsNullOrWhiteSpace(error.Field))
            {
                text.Append(" (").Append(error.Field).Append(')');
            }
        }

        return text.ToString();
    }
}
