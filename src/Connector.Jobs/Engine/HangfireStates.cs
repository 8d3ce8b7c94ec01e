using Hangfire.States;

namespace Connector.Jobs;

/// <summary>Hangfire's state names as the connector groups them.</summary>
internal static class HangfireStates
{
    /// <summary>A state after which the job does nothing more on its own (Failed waits for an operator).</summary>
    public static bool IsEnded(string? state) =>
        state == SucceededState.StateName || state == DeletedState.StateName || state == FailedState.StateName;
}
