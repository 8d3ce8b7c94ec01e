using Connector.Sandbox.Leat;

namespace Connector.Sandbox.Tests.Leat;

public sealed class LeatFakeRecordingLimitTests : LeatFakeTestBase
{
    protected override LeatFakeOptions Options() => new() { MaxRecordedRequests = 3 };

    [Fact]
    public async Task Requests_keep_only_the_newest_when_the_recording_limit_is_reached()
    {
        foreach (var uuid in LeatFakeOptions.DefaultShops.Select(s => s.Uuid).Append("x").Append("y"))
        {
            await GetAsync("shops/" + uuid);
        }

        Assert.Equal(["/shops/" + LeatFakeOptions.DefaultShops[1].Uuid, "/shops/x", "/shops/y"], Fake.Requests.Select(r => r.Path[ApiPrefix.Length..]));
    }

    private const string ApiPrefix = "/api/v3/oauth/clients";
}
