using Connector.Sandbox.Leat;

namespace Connector.Sandbox.Tests.Leat;

public sealed class LeatFakeAccountTests : LeatFakeTestBase
{
    private static readonly LeatFakeContact Seeded = LeatFakeContact.ForEmail("patrick@bikinibottom.sea", balance: 120);

    protected override LeatFakeOptions Options() => new()
    {
        Contacts = [Seeded],
        PointsPerCurrencyUnit = 2m,
    };

    [Fact]
    public async Task Find_or_create_returns_one_stable_contact_when_the_email_differs_only_in_case_and_spaces()
    {
        var first = await GetAsync("contacts/find-or-create?email=Squidward%40Bikinibottom.sea");
        var second = await GetAsync("contacts/find-or-create?email=" + Uri.EscapeDataString("  squidward@bikinibottom.SEA "));

        Assert.Equal(200, first.Status);
        var uuid = first.Body!["data"]!["uuid"]!.GetValue<string>();
        Assert.Equal(uuid, second.Body!["data"]!["uuid"]!.GetValue<string>());
        Assert.Equal(LeatFakeContact.ForEmail("squidward@bikinibottom.sea").Uuid, uuid);
        Assert.Equal("squidward@bikinibottom.sea", first.Body["data"]!["email"]!.GetValue<string>());
        Assert.Equal(2, Fake.Contacts.Count);
    }

    [Fact]
    public async Task Find_or_create_returns_the_seeded_contact_and_balance_when_it_was_seeded()
    {
        var reply = await GetAsync("contacts/find-or-create?email=patrick@bikinibottom.sea");

        Assert.Equal(Seeded.Uuid, reply.Body!["data"]!["uuid"]!.GetValue<string>());
        Assert.Equal(120, reply.Body["data"]!["credit_balance"]!["balance"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("contacts/find-or-create?email=not-an-email", "The email field must be a valid email address.")]
    [InlineData("contacts/find-or-create?email=a%20b@c.de", "The email field must be a valid email address.")]
    [InlineData("contacts/find-or-create", "The email field is required.")]
    [InlineData("contacts/find-or-create?email=", "The email field is required.")]
    public async Task Find_or_create_is_rejected_with_422_when_the_email_is_missing_or_invalid(string path, string message)
    {
        var reply = await GetAsync(path);

        AssertValidationError(reply, "email", message);
        Assert.Single(Fake.Contacts);
    }

    [Fact]
    public async Task Shops_list_and_get_return_the_configured_shops_and_404_when_unknown()
    {
        var list = await GetAsync("shops");
        var one = await GetAsync("shops/" + LeatFakeOptions.DefaultShops[1].Uuid);
        var unknown = await GetAsync("shops/nope");

        Assert.Equal(200, list.Status);
        var shops = list.Body!["data"]!.AsArray();
        Assert.Equal(LeatFakeOptions.DefaultShops.Select(s => s.Uuid), shops.Select(s => s!["uuid"]!.GetValue<string>()));
        Assert.Equal("physical", shops[0]!["type"]!.GetValue<string>());
        Assert.NotNull(list.Body["meta"]!.AsObject());
        Assert.Equal("Sandbox Web Shop", one.Body!["data"]!["name"]!.GetValue<string>());
        Assert.Equal(404, unknown.Status);
        Assert.Equal(1008, unknown.Body!["code"]!.GetValue<int>());
        Assert.Equal("Shop not found.", unknown.Body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Points_follow_the_configured_rate_and_add_to_a_seeded_balance_when_processed()
    {
        var reply = await PostAsync("orders/create-and-process", Order(Seeded.Uuid).ToJsonString());

        Assert.Equal(70, reply.Body!["data"]!["result"]!["data"]!["points"]!.GetValue<long>());
        Assert.Equal(190, Fake.ContactBalance(Seeded.Uuid));
    }

    [Fact]
    public async Task Ping_answers_the_connection_check_and_unknown_paths_get_404_in_leat_shape()
    {
        var ping = await GetAsync(Fake.ApiBaseAddress.AbsolutePath.TrimEnd('/'));
        var unknown = await GetAsync("loyalty-transactions");

        Assert.Equal(200, ping.Status);
        Assert.NotNull(ping.Body!["data"]!["uuid"]);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, unknown.Body!["status_code"]!.GetValue<int>());
        Assert.Equal(2, Fake.Requests.Count);
    }

    [Fact]
    public async Task Reset_forgets_orders_requests_and_created_contacts_but_keeps_seeds()
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        Fake.FailNext(1, 500);

        Fake.Reset();

        Assert.Empty(Fake.Orders);
        Assert.Empty(Fake.Requests);
        Assert.Equal([Seeded], Fake.Contacts);
        Assert.Equal(200, (await GetAsync("shops")).Status);
    }
}
