namespace Connector.Jobs.Dashboard;

/// <summary>
/// A dashboard login, bound from <c>Dashboard:Users:N</c>. Give <see cref="PasswordHash"/> (produce it with
/// <c>jobs hash-password</c>); <see cref="Password"/> in clear text is accepted for local development only.
/// </summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = "";

    /// <summary>A salted PBKDF2 hash in the format written by <see cref="DashboardPasswordHasher.Hash"/>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>A clear-text password; only for development machines, prefer <see cref="PasswordHash"/>.</summary>
    public string? Password { get; set; }

    public DashboardRole Role { get; set; } = DashboardRole.ReadOnly;
}
