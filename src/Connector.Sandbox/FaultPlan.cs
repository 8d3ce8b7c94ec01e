namespace Connector.Sandbox;

/// <summary>What the next matching request suffers.</summary>
internal readonly record struct FaultPlan(TimeSpan? Delay, int? FailStatus, TimeSpan? RetryAfter, bool Drop)
{
    public bool IsNone => Delay is null && FailStatus is null && !Drop;

    public string? Describe()
    {
        var parts = new List<string>();
        if (Delay is not null)
        {
            parts.Add("delay");
        }

        if (FailStatus is { } status)
        {
            parts.Add("fail:" + status);
        }

        if (Drop)
        {
            parts.Add("commit-then-drop");
        }

        return parts.Count == 0 ? null : string.Join(',', parts);
    }
}
