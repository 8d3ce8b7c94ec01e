using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Client;

/// <summary>Log messages of the Square client, event ids 5100–5199. Paths without query strings; never the token, never customer data.</summary>
internal static partial class SquareClientLog
{
    [LoggerMessage(5100, LogLevel.Debug, "Square {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string method, string path, int status, long elapsedMs);

    [LoggerMessage(5101, LogLevel.Warning, "Square {Method} {Path} failed with {Status} ({Codes}) in {ElapsedMs} ms, transient: {IsTransient}")]
    public static partial void Failed(ILogger logger, string method, string path, int status, string codes, long elapsedMs, bool isTransient);

    [LoggerMessage(5102, LogLevel.Warning, "Square {Method} {Path} got no answer after {ElapsedMs} ms ({Reason})")]
    public static partial void NoAnswer(ILogger logger, string method, string path, long elapsedMs, string reason);

    [LoggerMessage(5103, LogLevel.Warning, "Retrying Square {Method} {Path} in {DelayMs} ms (retry {Attempt}) after: {Error}")]
    public static partial void Retrying(ILogger logger, string method, string path, long delayMs, int attempt, string error);

    [LoggerMessage(5104, LogLevel.Warning, "Square {Method} {Path} answered {Status} with errors next to the data ({Codes})")]
    public static partial void PartialErrors(ILogger logger, string method, string path, int status, string codes);
}
