namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// Any failed NewStore call: an error answer (with NewStore's <c>error_code</c> and message when it sent them), no
/// answer at all (connection failure, timeout), or an answer we could not read. <see cref="IsTransient"/> tells the
/// job engine whether a later attempt can succeed.
/// </summary>
public sealed class NewStoreApiException : Exception
{
    public NewStoreApiException(int? httpStatus, string? errorCode, string description, bool? isTransient = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(httpStatus is { } status ? $"NewStore answered {status}: {(errorCode is null ? "" : errorCode + ": ")}{description}" : $"NewStore call failed without an answer: {description}", innerException)
    {
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        Description = description;
        IsTransient = isTransient ?? (httpStatus is { } code && IsTransientStatus(code));
        RetryAfter = retryAfter;
    }

    public NewStoreApiException()
        : this(null, null, "unknown failure")
    {
    }

    public NewStoreApiException(string message)
        : this(null, null, message)
    {
    }

    public NewStoreApiException(string message, Exception innerException)
        : this(null, null, message, innerException: innerException)
    {
    }

    /// <summary>The HTTP status NewStore answered with; null when no answer arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>NewStore's <c>error_code</c> (<c>resource_not_found</c>, …) when the body had one.</summary>
    public string? ErrorCode { get; }

    /// <summary>NewStore's message, or what the client itself found wrong.</summary>
    public string Description { get; }

    /// <summary>408, 429, 5xx, connection failures and timeouts: worth retrying later. Other 4xx are permanent.</summary>
    public bool IsTransient { get; }

    /// <summary>NewStore's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The classification of an HTTP status NewStore answered with.</summary>
    public static bool IsTransientStatus(int httpStatus) => httpStatus is 408 or 429 || httpStatus >= 500;
}
