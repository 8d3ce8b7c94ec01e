using Connector.Jobs.Dashboard;

namespace Connector.Jobs.Tests.Dashboard;

public sealed class DashboardOptionsValidatorTests
{
    [Fact]
    public void Validator_names_each_misconfigured_user_and_key()
    {
        var options = new DashboardOptions
        {
            Users =
            [
                new DashboardUser { Name = "ops", PasswordHash = "not-a-hash", Role = DashboardRole.Operator },
                new DashboardUser { Name = "OPS", Password = "x" },
                new DashboardUser { Name = "", Password = "x", PasswordHash = "y" },
            ],
        };

        var result = new DashboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Dashboard:Users:0:PasswordHash is not a hash written by 'jobs hash-password'.",
                "Dashboard:Users:1:Name 'OPS' is used twice.",
                "Dashboard:Users:2:Name is required.",
                "Dashboard:Users:2 needs exactly one of PasswordHash or Password.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validator_accepts_a_hash_written_by_the_hasher()
    {
        var options = new DashboardOptions { Users = [new DashboardUser { Name = "ops", PasswordHash = DashboardPasswordHasher.Hash("pw") }] };

        Assert.True(new DashboardOptionsValidator().Validate(null, options).Succeeded);
    }
}
