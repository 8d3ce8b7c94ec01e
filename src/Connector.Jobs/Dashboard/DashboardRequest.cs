namespace Connector.Jobs.Dashboard;

/// <summary>
/// Who is asking and how to build links and forms for them. <paramref name="BasePath"/> is the host's path
/// base plus the dashboard prefix, so links work however the host mounts the app.
/// </summary>
internal sealed record DashboardRequest(
    string BasePath,
    string UserName,
    DashboardRole Role,
    bool LoggedIn,
    string AntiforgeryFieldName,
    string AntiforgeryToken,
    DateTimeOffset Now,
    string? Flash)
{
    public bool CanOperate => Role == DashboardRole.Operator;

    /// <summary>The audit log's actor for actions taken through this request.</summary>
    public string Actor => $"dashboard:{UserName}";
}
