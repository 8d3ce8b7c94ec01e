using System.Net;
using Microsoft.Extensions.Logging;

namespace Connector.Jobs.Dashboard;

/// <summary>Dashboard log messages; event ids 4100–4199. Never a password or a hash.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Refused a dashboard request from {RemoteAddress}: only loopback requests are allowed when no dashboard users are configured")]
    public static partial void RemoteRefused(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Failed dashboard login for user name {UserName} from {RemoteAddress}")]
    public static partial void LoginFailed(ILogger logger, string userName, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Dashboard user {UserName} logged in")]
    public static partial void LoggedIn(ILogger logger, string userName);

    // 4103 was "ActionDone" of the old pages; its replacement is 4107.
    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Refused a dashboard POST to {Path}: missing or invalid antiforgery token")]
    public static partial void AntiforgeryRefused(ILogger logger, string path);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Refused a dashboard POST to {Path} by read-only user {UserName}")]
    public static partial void ReadOnlyRefused(ILogger logger, string userName, string path);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Refused a dashboard login from {RemoteAddress}: too many failed logins; it may try again in {RetryAfter}")]
    public static partial void LoginThrottled(ILogger logger, IPAddress? remoteAddress, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Dashboard action {Action} by {Actor} on {JobCount} job(s)")]
    public static partial void ActionAudited(ILogger logger, string actor, string action, int jobCount);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Error, Message = "Could not write the dashboard audit row for {Action} by {Actor} on jobs {JobIds}")]
    public static partial void AuditFailed(ILogger logger, Exception exception, string actor, string action, string jobIds);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "Dashboard bulk {BulkAction} by {Actor} over {Filter}: {Matched} matched, {Changed} changed")]
    public static partial void BulkDone(ILogger logger, string bulkAction, string actor, string filter, int matched, int changed);
}
