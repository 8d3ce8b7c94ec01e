using System.Buffers;
using System.Data.Common;
using System.Text;
using Connector.Core.Database;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Core.Intake;

/// <summary>
/// Handles every platform's webhook endpoint the same way: size limit, the platform's verification over the raw
/// bytes, its parser, then inbox + work request in one statement, and the answer as soon as that commits (platforms
/// give up after a few seconds and redeliver; a slow answer stalls their whole stream). Every refusal is answered with
/// its reason and recorded.
/// </summary>
public sealed class WebhookReceiver(WebhookInbox inbox, WebhookMetrics metrics, TimeProvider time, NpgsqlDataSource dataSource, ILogger<WebhookReceiver> logger)
{
    public async Task HandleAsync(HttpContext context, IWebhookSource source)
    {
        var platform = source.Platform;
        var receivedAt = time.GetUtcNow();
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var remote = context.Connection.RemoteIpAddress?.ToString();

        if (request.ContentLength > source.MaxBodyBytes)
        {
            await RejectAsync(context, platform, new WebhookRejection(receivedAt, StatusCodes.Status413PayloadTooLarge, "body too large", false, request.ContentLength, null, remote, null));
            return;
        }

        var (body, size) = await ReadBodyAsync(request, source.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            await RejectAsync(context, platform, new WebhookRejection(receivedAt, StatusCodes.Status413PayloadTooLarge, "body too large", false, size, null, remote, null));
            return;
        }

        // Verify before looking at the content: an unverified body is never parsed, stored or logged.
        if (source.Verify(request, body) is { } refused)
        {
            await RejectAsync(context, platform, new WebhookRejection(receivedAt, StatusCodes.Status401Unauthorized, refused, false, size, null, remote, null));
            return;
        }

        if (source.Parse(request, body, out var invalid) is not { } evt)
        {
            await RejectAsync(context, platform, new WebhookRejection(receivedAt, StatusCodes.Status400BadRequest, invalid ?? "unusable event", true, size, null, remote, Utf8OrNull(body)));
            return;
        }

        InboxResult result;
        try
        {
            result = await inbox.StoreAsync(platform, evt, body, receivedAt, cancellationToken);
        }
        catch (DbException e) when (e is PostgresException { SqlState: PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.InvalidTextRepresentation } refusal)
        {
            // JSON that slipped past StorableJson yet jsonb refuses: redelivering will not help, so say so. The refusal
            // may have left the pooled connection unusable for the next request (see AfterRefusedStatement).
            ConnectorDataSource.AfterRefusedStatement(dataSource, refusal);
            await RejectAsync(context, platform, new WebhookRejection(receivedAt, StatusCodes.Status400BadRequest, "body not storable as jsonb", true, size, evt.EventId, remote, Utf8OrNull(body)));
            return;
        }
        catch (DbException e)
        {
            // Nothing was committed; a non-2xx answer makes the platform redeliver the same event later.
            WebhookLog.StoreFailed(logger, e, platform, evt.EventId, evt.EventType);
            if (e is PostgresException refusal)
            {
                ConnectorDataSource.AfterRefusedStatement(dataSource, refusal);
            }

            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("could not store the event", CancellationToken.None);
            return;
        }

        if (result.Outcome == InboxOutcome.StoredWithoutJob && source.IsRelevant(evt.EventType))
        {
            WebhookLog.MissingObjectId(logger, platform, evt.EventId, evt.EventType);
        }

        var outcome = result.Outcome == InboxOutcome.Duplicate ? "duplicate" : "stored";
        metrics.Received(platform, outcome);
        WebhookLog.Stored(logger, platform, evt.EventId, evt.EventType, result.Outcome.ToString(), result.WorkKey);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(outcome, CancellationToken.None);
    }

    /// <summary>
    /// Reads the whole body, but never more than <paramref name="limit"/> + one read: a sender that lies about (or
    /// omits) Content-Length cannot make us buffer more. Returns null with the bytes seen when the limit is passed.
    /// </summary>
    private static async Task<(byte[]? Body, long Size)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                var seen = buffer.Length;
                reader.AdvanceTo(buffer.End);
                return (null, seen);
            }

            if (read.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return (body, body.Length);
            }

            // Keep everything buffered and ask for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task RejectAsync(HttpContext context, string platform, WebhookRejection rejection)
    {
        if (rejection.SignatureValid)
        {
            WebhookLog.Unusable(logger, platform, rejection.Reason, rejection.EventId, rejection.BodySize ?? 0);
        }
        else
        {
            WebhookLog.Rejected(logger, platform, rejection.RemoteAddress, rejection.StatusCode, rejection.Reason, rejection.BodySize);
        }

        metrics.Rejected(platform, rejection.Reason);
        try
        {
            await inbox.RecordRejectionAsync(platform, rejection, CancellationToken.None);
        }
        catch (DbException e)
        {
            // Ops visibility only: the answer does not depend on it.
            WebhookLog.RejectionNotRecorded(logger, e, platform, rejection.Reason);
            if (e is PostgresException refusal)
            {
                ConnectorDataSource.AfterRefusedStatement(dataSource, refusal);
            }
        }

        context.Response.StatusCode = rejection.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(rejection.Reason, CancellationToken.None);
    }

    private static string? Utf8OrNull(byte[] body)
    {
        // PostgreSQL text cannot hold a NUL byte: such a body would make the rejection itself fail to be recorded.
        if (body.AsSpan().Contains((byte)0))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
