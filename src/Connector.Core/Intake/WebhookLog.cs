using Microsoft.Extensions.Logging;

namespace Connector.Core.Intake;

/// <summary>The shared webhook receiver's log lines (event ids 5200–5299). Never bodies, signatures or secrets.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "{Platform} webhook from {RemoteAddress} refused with {StatusCode}: {Reason} ({BodySize} bytes)")]
    public static partial void Rejected(ILogger logger, string platform, string? remoteAddress, int statusCode, string reason, long? bodySize);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Debug, Message = "{Platform} event {EventId} ({EventType}) stored: {Outcome}, work {WorkKey}")]
    public static partial void Stored(ILogger logger, string platform, string eventId, string eventType, string outcome, string? workKey);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "{Platform} event {EventId} is signed but unusable: {Reason} ({BodySize} bytes); recorded as a rejection")]
    public static partial void Unusable(ILogger logger, string platform, string reason, string? eventId, long bodySize);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "{Platform} event {EventId} ({EventType}) could not be stored; answered 500 so the platform redelivers")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string platform, string eventId, string eventType);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning, Message = "{Platform} event {EventId} ({EventType}) names no object to sync; stored without a job")]
    public static partial void MissingObjectId(ILogger logger, string platform, string eventId, string eventType);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Warning, Message = "A refused {Platform} webhook ({Reason}) could not be recorded")]
    public static partial void RejectionNotRecorded(ILogger logger, Exception exception, string platform, string reason);
}
