namespace Connector.Sandbox.Square;

/// <summary>One request the simulator received, with what it answered.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path, e.g. <c>/v2/orders/search</c>.</param>
/// <param name="QueryString">Raw query string including the leading <c>?</c>, or empty.</param>
/// <param name="Body">Raw request body.</param>
/// <param name="HasAuthorization">Whether an <c>Authorization</c> header was present (its value is never recorded).</param>
/// <param name="Authorized">Whether it carried <c>Bearer</c> and the configured token.</param>
/// <param name="SquareVersion">The <c>Square-Version</c> header, if any.</param>
/// <param name="ResponseStatus">Status answered; 0 when the client went away first.</param>
/// <param name="ResponseBody">Body answered.</param>
/// <param name="InjectedFault">Which injected fault hit this request (<c>fail:429</c>, <c>delay</c>), or null.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record SquareRecordedRequest(
    string Method,
    string Path,
    string QueryString,
    string Body,
    bool HasAuthorization,
    bool Authorized,
    string? SquareVersion,
    int ResponseStatus,
    string? ResponseBody,
    string? InjectedFault,
    DateTimeOffset ReceivedAt);
