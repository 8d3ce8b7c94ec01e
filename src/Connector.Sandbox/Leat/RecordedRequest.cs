namespace Connector.Sandbox.Leat;

/// <summary>One request the fake received, with what it answered; tests assert on exactly what Leat saw.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path, e.g. <c>/api/v3/oauth/clients/orders/create-and-process</c>.</param>
/// <param name="QueryString">Raw query string including the leading <c>?</c>, or empty.</param>
/// <param name="Body">Raw request body.</param>
/// <param name="HasAuthorization">Whether an <c>Authorization</c> header was present (its value is never recorded).</param>
/// <param name="Authorized">Whether it carried <c>Bearer</c> and the configured token.</param>
/// <param name="Accept">The <c>Accept</c> header, if any.</param>
/// <param name="ContentType">The <c>Content-Type</c> header, if any.</param>
/// <param name="Headers">All other request headers (first value each); <c>Authorization</c> is left out.</param>
/// <param name="ResponseStatus">Status the fake produced; 0 when the client went away first.</param>
/// <param name="ResponseBody">Body the fake produced (also when the connection was dropped instead of answering).</param>
/// <param name="InjectedFault">Which injected fault hit this request (<c>fail:503</c>, <c>delay</c>, <c>commit-then-drop</c>), or null.</param>
/// <param name="ConnectionDropped">True when the request took effect and the connection was aborted without an answer.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    string Body,
    bool HasAuthorization,
    bool Authorized,
    string? Accept,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    int ResponseStatus,
    string? ResponseBody,
    string? InjectedFault,
    bool ConnectionDropped,
    DateTimeOffset ReceivedAt);
