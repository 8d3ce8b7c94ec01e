using System.Buffers;
using System.Data.Common;
using System.Text;
using Connector.Core.Database;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>
/// Handles <c>POST /webhooks/square</c>: size limit, signature, envelope, then inbox + job in one statement. Square
/// gives up after 10 s and redelivers, so the answer comes as soon as the statement commits; the work is the job's.
/// </summary>
internal sealed class SquareWebhookReceiver(
    SquareWebhookInbox inbox,
    SquareWebhookMetrics metrics,
    IOptions<SquareOptions> options,
    TimeProvider time,
    ILogger<SquareWebhookReceiver> logger,
    NpgsqlDataSource dataSource)
{
    /// <summary>Largest accepted body. Square events are a few KiB; anything near this is not Square.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var receivedAt = time.GetUtcNow();
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var remote = context.Connection.RemoteIpAddress?.ToString();

        if (request.ContentLength > MaxBodyBytes)
        {
            await RejectAsync(context, new SquareWebhookRejection(receivedAt, StatusCodes.Status413PayloadTooLarge, "body too large", false, request.ContentLength, null, remote, null));
            return;
        }

        var (body, size) = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            await RejectAsync(context, new SquareWebhookRejection(receivedAt, StatusCodes.Status413PayloadTooLarge, "body too large", false, size, null, remote, null));
            return;
        }

        // Verify before looking at the content: an unverified body is never parsed, stored or logged.
        var settings = options.Value;
        var header = request.Headers[SquareWebhookVerifier.SignatureHeader].ToString();
        if (string.IsNullOrEmpty(header) || !SquareWebhookVerifier.IsValid(header, settings.WebhookSignatureKey!, settings.WebhookNotificationUrl!, body))
        {
            var reason = string.IsNullOrEmpty(header) ? "missing signature" : "invalid signature";
            await RejectAsync(context, new SquareWebhookRejection(receivedAt, StatusCodes.Status401Unauthorized, reason, false, size, null, remote, null));
            return;
        }

        if (SquareWebhookEvent.TryParse(body, out var invalid) is not { } evt)
        {
            await RejectAsync(context, new SquareWebhookRejection(receivedAt, StatusCodes.Status400BadRequest, invalid!, true, size, null, remote, Utf8OrNull(body)));
            return;
        }

        InboxResult result;
        try
        {
            result = await inbox.StoreAsync(evt, body, receivedAt, cancellationToken);
        }
        catch (DbException e) when (e is PostgresException { SqlState: PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.InvalidTextRepresentation } refusal)
        {
            // JSON that slipped past StorableJson yet jsonb refuses: redelivering will not help, so say so. The refusal
            // may have left the pooled connection unusable for the next request (see AfterRefusedStatement).
            ConnectorDataSource.AfterRefusedStatement(dataSource, refusal);
            await RejectAsync(context, new SquareWebhookRejection(receivedAt, StatusCodes.Status400BadRequest, "body not storable as jsonb", true, size, evt.EventId, remote, Utf8OrNull(body)));
            return;
        }
        catch (DbException e)
        {
            // Nothing was committed; a non-2xx answer makes Square redeliver the same event later.
            SquareWebhookLog.StoreFailed(logger, e, evt.EventId, evt.Type);
            if (e is PostgresException refusal)
            {
                ConnectorDataSource.AfterRefusedStatement(dataSource, refusal);
            }

            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("could not store the event", CancellationToken.None);
            return;
        }

        if (result.Outcome == InboxOutcome.StoredWithoutJob && SquareWebhookJob.IsRelevant(evt.Type))
        {
            SquareWebhookLog.MissingObjectId(logger, evt.EventId, evt.Type, evt.Type.StartsWith("refund.", StringComparison.Ordinal) ? "refund id" : "order id");
        }

        var outcome = result.Outcome == InboxOutcome.Duplicate ? "duplicate" : "stored";
        metrics.Received(outcome);
        SquareWebhookLog.Stored(logger, evt.EventId, evt.Type, result.Outcome.ToString(), result.WorkKey);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(outcome, CancellationToken.None);
    }

    /// <summary>
    /// Reads the whole body, but never more than <see cref="MaxBodyBytes"/> + one read: a sender that lies about (or
    /// omits) Content-Length cannot make us buffer more. Returns null with the bytes seen when the limit is passed.
    /// </summary>
    private static async Task<(byte[]? Body, long Size)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBodyBytes)
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

    private async Task RejectAsync(HttpContext context, SquareWebhookRejection rejection)
    {
        if (rejection.SignatureValid)
        {
            SquareWebhookLog.Unusable(logger, rejection.Reason, rejection.EventId, rejection.BodySize ?? 0);
        }
        else
        {
            SquareWebhookLog.Rejected(logger, rejection.RemoteAddress, rejection.StatusCode, rejection.Reason, rejection.BodySize);
        }

        metrics.Rejected(rejection.Reason);
        try
        {
            await inbox.RecordRejectionAsync(rejection, CancellationToken.None);
        }
        catch (DbException e)
        {
            // Ops visibility only: the answer to Square does not depend on it.
            SquareWebhookLog.RejectionNotRecorded(logger, e, rejection.Reason);
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
