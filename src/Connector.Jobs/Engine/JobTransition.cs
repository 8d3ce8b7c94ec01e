namespace Connector.Jobs.Engine;

/// <summary>What a finished attempt does to its job: the new state, the attempt's outcome and the reason stored with the change.</summary>
internal sealed record JobTransition(string State, string Outcome, string? Reason, DateTimeOffset? RunAt = null, string? Error = null, string? Exception = null)
{
    public static JobTransition Succeeded(int attempt) => new("succeeded", "succeeded", $"Succeeded on attempt {attempt}");

    public static JobTransition Retry(DateTimeOffset runAt, string reason, Exception error) =>
        new("scheduled", "retry", reason, runAt, error.Message, error.ToString());

    public static JobTransition Failed(string reason, string error, string? exception) =>
        new("failed", "failed", reason, null, error, exception);

    public static JobTransition Released(string reason) => new("enqueued", "released", reason);
}
