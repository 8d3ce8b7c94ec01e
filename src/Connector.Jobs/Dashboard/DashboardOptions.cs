namespace Connector.Jobs.Dashboard;

/// <summary>
/// The ops dashboard's settings, bound from the <c>Dashboard</c> configuration section. With no
/// <see cref="Users"/> the dashboard answers loopback requests only and needs no login; with users, every
/// request needs a login and remote requests are then allowed.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Dashboard";

    public List<DashboardUser> Users { get; set; } = [];

    /// <summary>How long a login lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Rows per page in job lists.</summary>
    public int PageSize { get; set; } = 50;
}
