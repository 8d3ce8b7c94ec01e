using Microsoft.AspNetCore.Http;

namespace Connector.Core.Intake;

/// <summary>
/// What a platform tells the shared webhook receiver: how to verify a delivery (over the raw bytes, before anything
/// is parsed) and how to read a verified one. The receiver does the rest — size limit, inbox, work request,
/// rejections, metrics, the answer — the same way for every platform.
/// </summary>
public interface IWebhookSource
{
    /// <summary>The platform's name as stored (<c>square</c>).</summary>
    string Platform { get; }

    /// <summary>Largest body accepted; larger ones are answered 413.</summary>
    int MaxBodyBytes { get; }

    /// <summary>Null when <paramref name="body"/> is authentic; otherwise the reason (<c>missing signature</c>, <c>invalid signature</c>, …), answered 401.</summary>
    string? Verify(HttpRequest request, ReadOnlySpan<byte> body);

    /// <summary>Reads a verified body; null with <paramref name="invalid"/> saying why when it cannot be used (answered 400).</summary>
    IntakeEvent? Parse(ReadOnlyMemory<byte> body, out string? invalid);

    /// <summary>
    /// Reads a verified delivery whose meaning also lies in its headers (Commerce Layer names the topic in
    /// <c>X-CommerceLayer-Topic</c>); by default the body alone decides.
    /// </summary>
    IntakeEvent? Parse(HttpRequest request, ReadOnlyMemory<byte> body, out string? invalid) => Parse(body, out invalid);

    /// <summary>True when an event of <paramref name="eventType"/> should have requested work (logged when it did not).</summary>
    bool IsRelevant(string eventType);
}
