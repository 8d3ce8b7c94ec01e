using Microsoft.Extensions.Logging;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// Log messages of the NewStore client, event ids 5450–5469. Paths without query strings; never a token, the client
/// secret, the event-stream api_key or a body (the token form holds the secret, integrations hold the api_key).
/// </summary>
internal static partial class NewStoreClientLog
{
    [LoggerMessage(5450, LogLevel.Debug, "NewStore {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string method, string path, int status, long elapsedMs);

    [LoggerMessage(5451, LogLevel.Warning, "NewStore {Method} {Path} failed with {Status} ({ErrorCode}) in {ElapsedMs} ms, transient: {IsTransient}")]
    public static partial void Failed(ILogger logger, string method, string path, int status, string errorCode, long elapsedMs, bool isTransient);

    [LoggerMessage(5452, LogLevel.Warning, "NewStore {Method} {Path} got no answer after {ElapsedMs} ms ({Reason})")]
    public static partial void NoAnswer(ILogger logger, string method, string path, long elapsedMs, string reason);

    [LoggerMessage(5453, LogLevel.Warning, "Retrying NewStore {Method} {Path} in {DelayMs} ms (retry {Attempt}) after: {Error}")]
    public static partial void Retrying(ILogger logger, string method, string path, long delayMs, int attempt, string error);

    [LoggerMessage(5454, LogLevel.Information, "NewStore issued an access token valid for {ExpiresInSeconds} s; it is reused for {ReuseSeconds} s")]
    public static partial void TokenIssued(ILogger logger, long expiresInSeconds, long reuseSeconds);

    [LoggerMessage(5455, LogLevel.Warning, "NewStore refused the access token on {Method} {Path} (403); requesting a new token and retrying once")]
    public static partial void TokenRejected(ILogger logger, string method, string path);

    [LoggerMessage(5456, LogLevel.Error, "NewStore's identity service refused a token: {Reason}")]
    public static partial void TokenRefused(ILogger logger, string reason);
}
