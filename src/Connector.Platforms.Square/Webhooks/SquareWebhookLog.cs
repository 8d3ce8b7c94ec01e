using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Square webhook log messages; event ids 5200–5299. Never the signature key, the signature header or an unverified body.</summary>
internal static partial class SquareWebhookLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Refused a Square webhook from {RemoteAddress} with {StatusCode}: {Reason} (body {BodySize} bytes)")]
    public static partial void Rejected(ILogger logger, string? remoteAddress, int statusCode, string reason, long? bodySize);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Refused a validly signed Square webhook with 400: {Reason} (event {EventId}, body {BodySize} bytes)")]
    public static partial void Unusable(ILogger logger, string reason, string? eventId, long bodySize);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Debug, Message = "Square event {EventId} ({EventType}) stored: {Outcome}, work {WorkKey}")]
    public static partial void Stored(ILogger logger, string eventId, string eventType, string outcome, string? workKey);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Square event {EventId} ({EventType}) carries no {Id}; stored without a job (polling will find the object)")]
    public static partial void MissingObjectId(ILogger logger, string eventId, string eventType, string id);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "Could not store Square event {EventId} ({EventType}); answered 500 so Square redelivers")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string eventId, string eventType);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning, Message = "Could not record a refused Square webhook ({Reason})")]
    public static partial void RejectionNotRecorded(ILogger logger, Exception exception, string reason);
}
