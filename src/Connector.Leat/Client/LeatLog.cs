using Microsoft.Extensions.Logging;

namespace Connector.Leat.Client;

/// <summary>Log messages of the Leat client, event ids 2100–2199. Paths are logged without query strings (they carry e-mails); the token never.</summary>
internal static partial class LeatLog
{
    [LoggerMessage(2100, LogLevel.Information, "Leat {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string method, string path, int status, long elapsedMs);

    [LoggerMessage(2101, LogLevel.Warning, "Leat {Method} {Path} failed with {Status} (code {LeatCode}) in {ElapsedMs} ms, transient: {IsTransient}")]
    public static partial void Failed(ILogger logger, string method, string path, int status, int? leatCode, long elapsedMs, bool isTransient);

    [LoggerMessage(2102, LogLevel.Warning, "Leat {Method} {Path} got no answer after {ElapsedMs} ms ({Reason}); request sent: {WasSent}")]
    public static partial void NoAnswer(ILogger logger, string method, string path, long elapsedMs, string reason, bool wasSent);

    [LoggerMessage(2103, LogLevel.Warning, "Retrying Leat GET {Path} in {DelayMs} ms (retry {Attempt}) after: {Error}")]
    public static partial void Retrying(ILogger logger, string path, long delayMs, int attempt, string error);

    [LoggerMessage(2104, LogLevel.Debug, "Leat {Method} {Path} request body: {Body}")]
    public static partial void RequestBody(ILogger logger, string method, string path, string body);

    [LoggerMessage(2105, LogLevel.Debug, "Leat {Method} {Path} response body: {Body}")]
    public static partial void ResponseBody(ILogger logger, string method, string path, string body);
}
