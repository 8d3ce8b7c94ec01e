using System.Net;
using Microsoft.Extensions.Logging;

namespace Connector.Jobs.Dashboard;

/// <summary>Dashboard log messages; event ids 4100–4199.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Refused a dashboard request from {RemoteAddress}: only loopback requests are allowed when no dashboard users are configured")]
    public static partial void RemoteRefused(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Failed dashboard login for user name {UserName} from {RemoteAddress}")]
    public static partial void LoginFailed(ILogger logger, string userName, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Dashboard user {UserName} logged in")]
    public static partial void LoggedIn(ILogger logger, string userName);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Dashboard action {Action} on {Target} by {Actor}: {Result}")]
    public static partial void ActionDone(ILogger logger, string action, string target, string actor, string result);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Refused a dashboard POST to {Path}: missing or invalid antiforgery token")]
    public static partial void AntiforgeryRefused(ILogger logger, string path);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Refused a dashboard action by read-only user {UserName}")]
    public static partial void ReadOnlyRefused(ILogger logger, string userName);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Refused a dashboard login from {RemoteAddress}: too many failed logins; it may try again in {RetryAfter}")]
    public static partial void LoginThrottled(ILogger logger, IPAddress? remoteAddress, TimeSpan retryAfter);
}
