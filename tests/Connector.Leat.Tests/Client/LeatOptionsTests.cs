using Connector.Leat.Client;

namespace Connector.Leat.Tests.Client;

public sealed class LeatOptionsTests
{
    [Fact]
    public void ToString_never_prints_the_token()
    {
        var options = new LeatOptions { ApiToken = "super-secret-pat" };

        Assert.DoesNotContain("super-secret-pat", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("ApiToken=(set)", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var options = new LeatOptions();

        Assert.Equal("https://api.piggy.eu", options.BaseUrl);
        Assert.Equal(5, options.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.True(new LeatOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validator_names_every_bad_key()
    {
        var options = new LeatOptions
        {
            BaseUrl = "ftp://leat", ApiToken = "has space", RequestsPerSecond = 0, Timeout = TimeSpan.Zero,
            TotalTimeout = TimeSpan.FromSeconds(-1),
        };

        var result = new LeatOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Leat:BaseUrl must be an absolute http(s) URL, got 'ftp://leat'.",
                "Leat:ApiToken must not be empty or contain whitespace (the value is not shown).",
                "Leat:RequestsPerSecond must be between 1 and 1000, got 0.",
                "Leat:Timeout must be positive, got 00:00:00.",
                "Leat:TotalTimeout (-00:00:01) must be at least Leat:Timeout (00:00:00).",
            ],
            result.Failures);
        Assert.DoesNotContain("has space", result.FailureMessage, StringComparison.Ordinal);
    }
}
