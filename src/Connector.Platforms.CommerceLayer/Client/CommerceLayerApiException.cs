using System.Net;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary>
/// A Commerce Layer call that failed for good: its status and the JSON:API <c>errors</c> it answered with
/// (<c>code</c> and <c>detail</c> only; never a header, token or body field beyond those).
/// </summary>
public sealed class CommerceLayerApiException(HttpStatusCode? statusCode, string message, string? errorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status, or null when no answer came.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The first error's <c>code</c> (e.g. <c>VALIDATION_ERROR</c>), when the body had one.</summary>
    public string? ErrorCode { get; } = errorCode;

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>401/403 after the one refresh and retry: the credentials themselves are refused.</summary>
    public bool IsUnauthorized => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
