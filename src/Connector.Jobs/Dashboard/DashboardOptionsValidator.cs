using Microsoft.Extensions.Options;

namespace Connector.Jobs.Dashboard;

/// <summary>Stops the service at start when a dashboard user is misconfigured, naming the user and the key.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var key = $"{DashboardOptions.SectionName}:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                errors.Add($"{key}:Name is required.");
            }
            else if (!names.Add(user.Name))
            {
                errors.Add($"{key}:Name '{user.Name}' is used twice.");
            }

            var hasHash = !string.IsNullOrEmpty(user.PasswordHash);
            var hasPassword = !string.IsNullOrEmpty(user.Password);
            if (hasHash == hasPassword)
            {
                errors.Add($"{key} needs exactly one of PasswordHash or Password.");
            }
            else if (hasHash && !DashboardPasswordHasher.IsWellFormed(user.PasswordHash!))
            {
                errors.Add($"{key}:PasswordHash is not a hash written by 'jobs hash-password'.");
            }

            if (!Enum.IsDefined(user.Role))
            {
                errors.Add($"{key}:Role must be ReadOnly or Operator.");
            }
        }

        if (options.PageSize is < 1 or > 500)
        {
            errors.Add($"{DashboardOptions.SectionName}:PageSize must be between 1 and 500.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{DashboardOptions.SectionName}:SessionLifetime must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
