namespace Connector.Jobs.Dashboard;

/// <summary>What <see cref="FailedJobsBulk.Run"/> does to each matching Failed job.</summary>
public enum FailedJobsBulkAction
{
    /// <summary>Enqueue it again, into its own queue.</summary>
    Requeue,

    /// <summary>Move it to Deleted (Hangfire expires it later).</summary>
    Delete,
}
