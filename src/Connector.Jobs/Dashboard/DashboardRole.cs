namespace Connector.Jobs.Dashboard;

/// <summary>What a dashboard user may do.</summary>
public enum DashboardRole
{
    /// <summary>May look at everything, change nothing.</summary>
    ReadOnly,

    /// <summary>May also retry, delete, trigger, pause and resume.</summary>
    Operator,
}
