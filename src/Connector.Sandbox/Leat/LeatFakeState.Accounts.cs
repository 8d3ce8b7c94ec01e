using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>Contacts, shops and the connection check.</summary>
public sealed partial class LeatFakeState
{
    /// <summary>Stable per normalised email: the same email (any case, surrounding spaces) always gets the same contact.</summary>
    internal FakeResponse FindOrCreateContact(string? email)
    {
        var errors = new ValidationErrors();
        var normalised = email is null ? "" : LeatFakeContact.NormaliseEmail(email);
        if (normalised.Length == 0)
        {
            errors.Add("email", "The email field is required.");
        }
        else if (!Fields.IsEmail(normalised))
        {
            errors.Add("email", "The email field must be a valid email address.");
        }

        if (errors.HasErrors)
        {
            return LeatErrors.Validation(errors);
        }

        lock (_gate)
        {
            if (!_contactsByEmail.TryGetValue(normalised, out var contact))
            {
                contact = AddContactLocked(LeatFakeContact.ForEmail(normalised));
            }

            return FakeResponse.Ok(new JsonObject
            {
                ["id"] = contact.Id,
                ["uuid"] = contact.Uuid,
                ["email"] = contact.Email,
                ["attributes"] = new JsonArray(),
                ["subscriptions"] = new JsonArray(),
                ["credit_balance"] = new JsonObject { ["balance"] = contact.Balance, ["id"] = contact.Id },
                ["prepaid_balance"] = new JsonObject { ["balance_in_cents"] = 0 },
                ["current_values"] = new JsonObject { ["email"] = contact.Email, ["loyalty_balance"] = contact.Balance },
            });
        }
    }

    internal FakeResponse ListShops()
    {
        var shops = new JsonArray();
        foreach (var shop in _shops.Values)
        {
            shops.Add(ShopJson(shop));
        }

        return FakeResponse.Ok(shops, new JsonObject());
    }

    internal FakeResponse GetShop(string uuid) =>
        _shops.TryGetValue(uuid, out var shop)
            ? FakeResponse.Ok(ShopJson(shop))
            : LeatErrors.NotFound(LeatErrors.ShopNotFound, "Shop not found.");

    internal static FakeResponse Ping() => FakeResponse.Ok(new JsonObject
    {
        ["id"] = 1,
        ["uuid"] = "00000000-0000-4000-8000-00000000f00d",
        ["company"] = "Leat sandbox",
    });

    private static JsonObject ShopJson(LeatFakeShop shop) => new()
    {
        ["uuid"] = shop.Uuid,
        ["name"] = shop.Name,
        ["type"] = shop.Type,
        ["reference"] = shop.Reference,
    };
}
