using Hangfire;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>
/// Job methods for Hangfire job records; never run (the tests start no Hangfire server). No automatic retry: Hangfire's
/// global retry filter would otherwise turn a job created as Failed into a Scheduled retry.
/// </summary>
public static class TestJobs
{
    [AutomaticRetry(Attempts = 0)]
    public static void SyncOrder(int order) => _ = order;

    [AutomaticRetry(Attempts = 0)]
    public static void SyncReturn(int order) => _ = order;
}
